import Database
import Foundation
import InProcessQueue
import Logging
import MemoryCache
import PluginKit
import Synchronization
import Testing
@testable import Storefront

/// The outbox relay and the consumers, over the in-process queue and a queue that can be switched off.
@Suite("Outbox relay and consumers", .timeLimit(.minutes(1)))
struct OutboxRelayTests {
    @Test("a paid order's products gain popularity by the units sold, its receipt is logged once, and every event is marked sent")
    func paidOrderBumpsPopularity() async throws {
        try await withPaymentShop { s in
            let logs = InMemoryLogHandler()
            let queue = InProcessQueue()
            try await EventConsumers(database: s.shop.database, cache: nil, logger: logs.logger).subscribe(to: queue)
            let order = try await s.placeOrder(quantity: 2)
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            #expect(try await s.popularity() == 0)

            let relay = OutboxRelay(database: s.shop.database, queue: queue, logger: logs.logger)
            #expect(await relay.relayOnce() > 0)
            try await eventually { try await s.popularity() == 2 }
            try await eventually { logs.entries("receipt").contains { $0.metadata["order_id"] == .string(order.orderId) } }
            #expect(try await s.shop.read { db in try OutboxRepository().unsent(db) }.isEmpty)
            await queue.shutdown()
        }
    }

    @Test("two relays over one outbox of 100 events publish each event once and mark them all sent", arguments: TestDatabases.engines)
    func twoRelaysPublishEachEventOnce(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let events = try await shop.write { db in
                try (0..<100).map { index in try OutboxRepository().append(db, topic: "order.paid", aggregateId: "ord_\(index)", payload: "{}") }
            }
            let queue = CountingQueue()
            let relays = (0..<2).map { _ in OutboxRelay(database: shop.database, queue: queue, logger: .discarding) }
            _ = try await concurrently(2) { index in
                while await relays[index].relayOnce(batch: 10) > 0 {}
            }
            let published = queue.published.withLock { $0 }
            #expect(published == Dictionary(uniqueKeysWithValues: events.map { ($0.eventId, 1) }))
            #expect(try await shop.read { db in try OutboxRepository().unsent(db) }.isEmpty)
        }
    }

    @Test("a redelivered order.paid bumps popularity once")
    func popularityRedelivery() async throws {
        try await withPaymentShop { s in
            let consumers = EventConsumers(database: s.shop.database, cache: nil, logger: .discarding)
            let order = try await s.placeOrder(quantity: 3)
            let message = QueueMessage(id: "evt-paid", topic: "order.paid", body: Array(
                #"{"orderId":"\#(order.orderId)","userId":\#(s.userId),"from":"CONFIRMING","to":"PAID","totalPrice":38700,"occurredAt":0}"#.utf8))
            #expect(await consumers.bumpPopularity(message) == .ack)
            #expect(await consumers.bumpPopularity(message) == .ack)
            #expect(try await s.popularity() == 3)
        }
    }

    @Test("a redelivered event changes nothing: the receipt is written once")
    func redeliveryIsNoOp() async throws {
        try await withPaymentShop { s in
            let logs = InMemoryLogHandler()
            let consumers = EventConsumers(database: s.shop.database, cache: nil, logger: logs.logger)
            let message = QueueMessage(id: "evt-1", topic: "order.paid",
                                       body: Array(#"{"orderId":"ord_x","userId":1,"from":"CONFIRMING","to":"PAID","totalPrice":100,"occurredAt":0}"#.utf8))
            #expect(await consumers.receipt(message) == .ack)
            #expect(await consumers.receipt(message) == .ack)
            #expect(logs.entries("receipt").count == 1)
        }
    }

    @Test("with the queue down, checkouts and payments still succeed; events wait and flow once it is back, logged once each way")
    func queueOutage() async throws {
        try await withPaymentShop { s in
            let logs = InMemoryLogHandler()
            let inner = InProcessQueue()
            let queue = SwitchableQueue(inner)
            try await EventConsumers(database: s.shop.database, cache: nil, logger: logs.logger).subscribe(to: queue)
            let relay = OutboxRelay(database: s.shop.database, queue: queue, logger: logs.logger)
            queue.up.store(false, ordering: .relaxed)

            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            #expect(try await s.status(order.orderId) == .paid)
            #expect(await relay.relayOnce() == 0)
            #expect(await relay.relayOnce() == 0)
            #expect(logs.entries("queue_unavailable").count == 1)
            let waiting = try await s.shop.read { db in try OutboxRepository().unsent(db) }.count
            #expect(waiting >= 3)

            queue.up.store(true, ordering: .relaxed)
            #expect(await relay.relayOnce() == waiting)
            #expect(logs.entries("queue_recovered").count == 1)
            try await eventually { try await s.popularity() == 1 }
            await inner.shutdown()
        }
    }

    @Test("stock.changed drops the cached catalog pages and the changed products, nothing else")
    func stockChangedInvalidates() async throws {
        try await withPaymentShop { s in
            let cache = MemoryCache()
            for key in [CacheKeys.catalogPrefix + "p1", CacheKeys.product(s.product.id), CacheKeys.product(999_999)] {
                try await cache.set(key, [1], ttl: nil)
            }
            let consumers = EventConsumers(database: s.shop.database, cache: cache, logger: .discarding)
            let body = #"{"orderId":"ord_x","productIds":[\#(s.product.id)]}"#
            #expect(await consumers.invalidate(QueueMessage(id: "e", topic: "stock.changed", body: Array(body.utf8))) == .ack)
            #expect(try await cache.get(CacheKeys.catalogPrefix + "p1") == nil)
            #expect(try await cache.get(CacheKeys.product(s.product.id)) == nil)
            #expect(try await cache.get(CacheKeys.product(999_999)) == [1])
        }
    }
}

/// A queue whose broker can be switched off: publishing fails as unavailable while it is down.
/// Counts how often each event id was published; publishing yields, so relays running at once interleave.
final class CountingQueue: MessageQueue {
    let published = Mutex<[String: Int]>([:])

    func publish(_ message: QueueMessage) async throws(QueueError) {
        await Task.yield()
        published.withLock { $0[message.id, default: 0] += 1 }
    }

    func subscribe(group: String, topics: [String], handler: @escaping @Sendable (QueueMessage) async -> QueueAck) async throws(QueueError) {}

    func shutdown() async {}
}

final class SwitchableQueue: MessageQueue {
    let inner: any MessageQueue
    let up = Atomic<Bool>(true)

    init(_ inner: any MessageQueue) { self.inner = inner }

    func publish(_ message: QueueMessage) async throws(QueueError) {
        guard up.load(ordering: .relaxed) else { throw QueueError(.unavailable, "broker down (test)") }
        try await inner.publish(message)
    }

    func subscribe(group: String, topics: [String], handler: @escaping @Sendable (QueueMessage) async -> QueueAck) async throws(QueueError) {
        try await inner.subscribe(group: group, topics: topics, handler: handler)
    }

    func shutdown() async { await inner.shutdown() }
}
