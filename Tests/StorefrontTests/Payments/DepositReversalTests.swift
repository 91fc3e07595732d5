import Foundation
import Logging
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// 입금 오류: Toss takes a deposit back (DONE → WAITING_FOR_DEPOSIT) and sends DEPOSIT_CALLBACK (TOSS_API.md §6).
@Suite("reversed deposits")
struct DepositReversalTests {
    /// A virtual-account order paid by a genuine deposit webhook, whose deposit the provider has since reversed.
    func paidThenReversed(_ s: PaymentShop) async throws -> Order {
        let order = try await s.virtualAccountOrder()
        try await s.providerSays(.done)
        #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "DONE")) == .handled)
        #expect(try await s.status(order.orderId) == .paid)
        try await s.providerSays(.waitingForDeposit)
        return order
    }

    static func callback(_ orderId: String, status: String, secret: String? = nil) -> [UInt8] {
        let secret = secret ?? "ps_secret_\(orderId)"
        return Array(#"{"createdAt":"2026-11-25T12:00:00.000000","secret":"\#(secret)","status":"\#(status)","transactionKey":"t2","orderId":"\#(orderId)"}"#.utf8)
    }

    @Test("a reversed deposit moves the paid order back to waiting for the deposit, with its stock kept")
    func orderWaitsAgain() async throws {
        try await withPaymentShop { s in
            let order = try await paidThenReversed(s)
            let stock = try await s.stock()
            #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "WAITING_FOR_DEPOSIT")) == .handled)
            #expect(try await s.status(order.orderId) == .waitingForDeposit)
            #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.status == .waitingForDeposit)
            #expect(try await s.stock() == stock)
        }
    }

    @Test("a reversed deposit writes one deposit.reversed event, however often the webhook comes")
    func eventWritten() async throws {
        try await withPaymentShop { s in
            let order = try await paidThenReversed(s)
            for _ in 0..<2 {
                #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "WAITING_FOR_DEPOSIT")) == .handled)
            }
            let events = try await s.shop.read { db in try OutboxRepository().unsent(db, limit: 100) }.filter { $0.topic == "deposit.reversed" }
            #expect(events.count == 1)
            #expect(events.first?.aggregateId == order.orderId)
        }
    }

    @Test("a reversed deposit is logged at warning level for the operator")
    func warningLogged() async throws {
        let log = try LogFile()
        try await withPaymentShop(logger: log.logger) { s in
            let order = try await paidThenReversed(s)
            _ = await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "WAITING_FOR_DEPOSIT"))
            let line = log.lines().first { $0.contains("event=deposit_reversed") }
            #expect(line?.contains("level=warning order_id=\(order.orderId)") == true)
        }
    }

    @Test("a reversal webhook while the provider still says DONE leaves the order paid")
    func providerDecides() async throws {
        try await withPaymentShop { s in
            let order = try await paidThenReversed(s)
            try await s.providerSays(.done)
            #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "WAITING_FOR_DEPOSIT")) == .handled)
            #expect(try await s.status(order.orderId) == .paid)
            #expect(try await s.shop.read { db in try OutboxRepository().unsent(db, limit: 100) }.filter { $0.topic == "deposit.reversed" }.isEmpty)
        }
    }

    @Test("a WAITING answer asked for before the deposit was applied elsewhere takes nothing back (two webhooks crossing)")
    func crossingWebhooks() async throws {
        try await withPaymentShop { s in
            let order = try await s.virtualAccountOrder()
            // While the provider answers this webhook's lookup (still waiting), the deposit lands and its own webhook,
            // delivered to another instance, pays the order.
            s.method.state.withLock { state in
                state.whileAnsweringNextKeyLookup = {
                    try? await s.providerSays(.done)
                    _ = await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "DONE"))
                }
            }
            #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "WAITING_FOR_DEPOSIT")) == .handled)
            #expect(try await s.status(order.orderId) == .paid)
            #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.status == .done)
            #expect(try await s.shop.read { db in try OutboxRepository().unsent(db, limit: 100) }.filter { $0.topic == "deposit.reversed" }.isEmpty)
        }
    }

    @Test("a reversal DEPOSIT_CALLBACK with a wrong secret changes nothing")
    func forgedReversal() async throws {
        try await withPaymentShop { s in
            let order = try await paidThenReversed(s)
            #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "WAITING_FOR_DEPOSIT", secret: "wrong")) == .handled)
            #expect(try await s.status(order.orderId) == .paid)
        }
    }

    @Test("a lookup that answers WAITING_FOR_DEPOSIT on the confirm path never takes a paid order back")
    func confirmPathCannotReverse() async throws {
        try await withPaymentShop { s in
            let order = try await paidThenReversed(s)
            let record = try #require(await s.method.status(paymentKey: "pk_va"))
            let paid = try #require(await s.shop.read { db in try OrderRepository().find(db, orderId: order.orderId) })
            _ = await s.flow.settle(paid, with: record)
            #expect(try await s.status(order.orderId) == .paid)
        }
    }

    @Test("a deposit taken back and made again sells the order's units once: popularity grows once for its two order.paid events")
    func popularityOncePerOrder() async throws {
        try await withPaymentShop { s in
            let order = try await paidThenReversed(s)
            #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "WAITING_FOR_DEPOSIT")) == .handled)
            try await s.providerSays(.done)
            #expect(await s.flow.handleWebhook(body: Self.callback(order.orderId, status: "DONE")) == .handled)
            #expect(try await s.status(order.orderId) == .paid)
            let paid = try await s.shop.read { db in try OutboxRepository().unsent(db, limit: 100) }.filter { $0.topic == "order.paid" }
            #expect(paid.count == 2)
            let consumers = EventConsumers(database: s.shop.database, cache: nil, logger: .discarding)
            for event in paid {
                let message = QueueMessage(id: event.eventId, topic: event.topic, body: Array(event.payload.utf8))
                #expect(await consumers.bumpPopularity(message) == .ack)
            }
            #expect(try await s.popularity() == 1)
        }
    }
}
