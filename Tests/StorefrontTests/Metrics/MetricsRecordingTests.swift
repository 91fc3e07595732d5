import Database
import Foundation
import InProcessQueue
import Logging
import Metrics
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// Each family counts where its events happen: read back from the text a scrape would get.
@Suite("What the shop records", .timeLimit(.minutes(1)))
struct MetricsRecordingTests {
    /// The payment shop's method and orders through a flow that records into `metrics`.
    func flow(_ s: PaymentShop, _ metrics: ShopMetrics) -> PaymentFlow {
        PaymentFlow(database: s.shop.database, methods: [s.method], origin: PublicOrigin("http://shop.test"), confirmWait: .seconds(5),
                    metrics: metrics, logger: .discarding)
    }

    @Test("a cache miss, then a hit, then an outage each count under their result")
    func cacheLookups() async throws {
        let metrics = ShopMetrics()
        let plugin = SwitchableCache()
        let cache = ShopCache(cache: plugin, metrics: metrics, logger: .discarding)
        _ = await cache.fetch("catalog:1") { Array("page".utf8) }
        _ = await cache.fetch("catalog:1") { Array("page".utf8) }
        plugin.up.store(false, ordering: .relaxed)
        _ = await cache.fetch("catalog:1") { Array("page".utf8) }
        let text = await metrics.registry.exposition()
        for result in ["miss", "hit", "unavailable"] {
            #expect(metric(text, "storefront_cache_lookups_total", ["result": result]) == 1, "\(result)")
        }
    }

    @Test("a confirm counts by its method and outcome: paid, then a second callback paid again, a bad amount failed")
    func confirmsByOutcome() async throws {
        try await withPaymentShop { s in
            let metrics = ShopMetrics()
            let flow = flow(s, metrics)
            let order = try await s.placeOrder()
            _ = await flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            _ = await flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            let cheated = try await s.placeOrder()
            _ = await flow.confirm(userId: s.userId, orderId: cheated.orderId, paymentKey: "pk_2", amount: "100")
            _ = await flow.confirm(userId: s.userId, orderId: "no-such-order-1", paymentKey: "pk_3", amount: "100")
            let text = await metrics.registry.exposition()
            #expect(metric(text, "storefront_payment_confirms_total", ["method": s.method.id, "outcome": "paid"]) == 2)
            #expect(metric(text, "storefront_payment_confirms_total", ["method": s.method.id, "outcome": "failed"]) == 1)
            #expect(metric(text, "storefront_payment_confirms_total", ["method": "none", "outcome": "rejected"]) == 1)
        }
    }

    @Test("a confirm whose answer is unknown counts as confirming, and the reconciler's settling it as settled")
    func confirmingThenReconciled() async throws {
        try await withPaymentShop { s in
            let metrics = ShopMetrics()
            let flow = flow(s, metrics)
            s.method.state.withLock { $0.confirmBehaviour = .fail(ReconcilerConfirmTests.providerError) }
            let order = try await s.placeOrder()
            _ = await flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .done, method: "카드",
                                                     totalAmount: 12_900, balanceAmount: 12_900))
            _ = await Reconciler(flow: flow, confirmingAfter: 0).runOnce(now: Date().addingTimeInterval(5))
            let text = await metrics.registry.exposition()
            #expect(metric(text, "storefront_payment_confirms_total", ["method": s.method.id, "outcome": "confirming"]) == 1)
            #expect(metric(text, "storefront_reconciler_actions_total", ["action": "settled"]) == 1)
        }
    }

    @Test("a partial refund, the rest, then a cancel by someone else count as partial, canceled and refused")
    func refundsByOutcome() async throws {
        try await withPaymentShop { s in
            let metrics = ShopMetrics()
            let flow = flow(s, metrics)
            let order = try await s.placeOrder()
            _ = await flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            _ = try await flow.cancel(userId: s.userId, orderId: order.orderId, amount: 2_900)
            _ = try await flow.cancel(userId: s.userId, orderId: order.orderId)
            await #expect(throws: ShopError.self) { try await flow.cancel(userId: s.userId + 1, orderId: order.orderId) }
            let text = await metrics.registry.exposition()
            #expect(metric(text, "storefront_payment_refunds_total", ["method": s.method.id, "outcome": "partial"]) == 1)
            #expect(metric(text, "storefront_payment_refunds_total", ["method": s.method.id, "outcome": "canceled"]) == 1)
            #expect(metric(text, "storefront_payment_refunds_total", ["method": "none", "outcome": "refused"]) == 1)
        }
    }

    @Test("a publish the broker refuses counts as a failure, one it accepts as published")
    func outboxPublishes() async throws {
        try await withPaymentShop { s in
            let metrics = ShopMetrics()
            let queue = SwitchableQueue(InProcessQueue())
            let relay = OutboxRelay(database: s.shop.database, queue: queue, metrics: metrics, logger: .discarding)
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            queue.up.store(false, ordering: .relaxed)
            #expect(await relay.relayOnce() == 0)
            queue.up.store(true, ordering: .relaxed)
            let sent = await relay.relayOnce()
            let text = await metrics.registry.exposition()
            #expect(metric(text, "storefront_outbox_publish_failures_total") == 1)
            #expect(metric(text, "storefront_outbox_published_total") == Double(sent))
            await queue.shutdown()
        }
    }

    @Test("orders by status and the outbox backlog are read from the database, every status listed")
    func databaseLevels() async throws {
        try await withPaymentShop { s in
            let metrics = ShopMetrics()
            metrics.observe(DatabaseLevels(database: s.shop.database, maxAge: .zero))
            let paid = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: paid.orderId, paymentKey: "pk_1", amount: "12900")
            _ = try await s.placeOrder()
            let text = await metrics.registry.exposition()
            #expect(metric(text, "storefront_orders", ["status": "PAID"]) == 1)
            #expect(metric(text, "storefront_orders", ["status": "PENDING"]) == 1)
            #expect(metric(text, "storefront_orders", ["status": "EXPIRED"]) == 0)
            let backlog = try await s.shop.read { [outbox = s.shop.outbox] db in try outbox.unsent(db) }.count
            #expect(metric(text, "storefront_outbox_backlog") == Double(backlog))
            #expect(MetricsTextValidator.problems(in: text) == [])
        }
    }

    @Test("within its maximum age a scrape reuses the last count instead of asking the database again")
    func levelsCached() async throws {
        try await withPaymentShop { s in
            let levels = DatabaseLevels(database: s.shop.database, maxAge: .seconds(3_600))
            #expect(await levels.current()?.orders["PENDING"] == 0)
            _ = try await s.placeOrder()
            #expect(await levels.current()?.orders["PENDING"] == 0)
            #expect(await DatabaseLevels(database: s.shop.database, maxAge: .zero).current()?.orders["PENDING"] == 1)
        }
    }
}

@Suite("Database pool metrics")
struct PoolMetricsTests {
    @Test("every job's wait for a connection is observed by role, and a failed query counts by role and kind")
    func waitsAndErrors() async throws {
        try await withShop { shop async throws in
            let metrics = ShopMetrics()
            shop.database.observe(PoolMetrics(metrics))
            _ = try await shop.database.read { db in try db.queryOne("SELECT 1 AS one") { row throws(DatabaseError) in try row.int("one") } }
            await #expect(throws: DatabaseError.self) {
                try await shop.database.write { db in try db.execute("INSERT INTO no_such_table VALUES (1)") }
            }
            let text = await metrics.registry.exposition()
            #expect(metric(text, "storefront_db_pool_wait_seconds_count", ["role": "reader"]) == 1)
            #expect(metric(text, "storefront_db_pool_wait_seconds_count", ["role": "writer"]) == 1)
            #expect(metric(text, "storefront_db_query_errors_total", ["role": "writer", "kind": "other"]) == 1)
            #expect(metric(text, "storefront_db_query_errors_total", ["role": "reader", "kind": "other"]) == 0)
        }
    }
}
