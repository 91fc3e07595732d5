import Foundation
import PluginKit
import Testing
@testable import Storefront

/// An order whose payment window was opened twice has two provider payments under one order id. The one
/// the shop confirmed stays the order's payment whatever the provider's lookup by order id answers.
@Suite("sibling payments of one order")
struct SiblingPaymentTests {
    /// Another window of the same order, never approved.
    func sibling(of order: Order, status: PaymentRecord.Status) -> PaymentRecord {
        PaymentRecord(paymentKey: "pk_2", orderId: order.orderId, status: status, method: nil,
                      totalAmount: order.totalPrice, balanceAmount: order.totalPrice)
    }

    /// An order paid with `pk_1` whose other window `pk_2` is what the lookup by order id answers.
    func paidWithSibling(_ s: PaymentShop, _ status: PaymentRecord.Status) async throws -> Order {
        let order = try await s.placeOrder()
        _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
        s.method.setProviderRecord(sibling(of: order, status: status))
        return order
    }

    /// An order whose confirm of `pk_1` lost its answer: CONFIRMING, for the reconciler.
    func confirmAnswerLost(_ s: PaymentShop) async throws -> Order {
        s.method.state.withLock { $0.confirmBehaviour = .fail(PaymentError(.unknownOutcome, code: "TIMEOUT", message: "timed out")) }
        let order = try await s.placeOrder()
        _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
        #expect(try await s.status(order.orderId) == .confirming)
        return order
    }

    func statusChanged(orderId: String, paymentKey: String, status: String) -> [UInt8] {
        Array(#"{"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-11-25T12:00:00.000000","data":{"paymentKey":"\#(paymentKey)","orderId":"\#(orderId)","status":"\#(status)"}}"#.utf8)
    }

    @Test("a webhook for the confirmed payment looks it up by its key, not by an order id that answers a READY sibling")
    func webhookUsesConfirmedKey() async throws {
        try await withPaymentShop { s in
            let order = try await paidWithSibling(s, .ready)
            #expect(await s.flow.handleWebhook(body: statusChanged(orderId: order.orderId, paymentKey: "pk_1", status: "DONE")) == .handled)
            let stored = try #require(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) })
            #expect(stored.paymentKey == "pk_1" && stored.status == .done && stored.paidFrom == FakePaymentMethod.card)
            #expect(try await s.status(order.orderId) == .paid)
        }
    }

    @Test("a webhook about another window that expired leaves the paid order and its payment alone")
    func siblingWebhookIgnored() async throws {
        try await withPaymentShop { s in
            let order = try await paidWithSibling(s, .expired)
            #expect(await s.flow.handleWebhook(body: statusChanged(orderId: order.orderId, paymentKey: "pk_2", status: "EXPIRED")) == .handled)
            #expect(try await s.status(order.orderId) == .paid)
            #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.paymentKey == "pk_1")
            #expect(try await s.stock() == 4)
        }
    }

    @Test("the reconciler settles a lost confirm by the key the shop confirmed, never confirming a READY sibling")
    func reconcilerUsesConfirmingKey() async throws {
        try await withPaymentShop { s in
            let order = try await confirmAnswerLost(s)
            // The confirm did reach the provider; the lookup by order id answers the other window.
            s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .done, method: "카드",
                                                     totalAmount: 12_900, balanceAmount: 12_900, paidFrom: FakePaymentMethod.card))
            s.method.setProviderRecord(sibling(of: order, status: .ready))

            let pass = await Reconciler(flow: s.flow).runOnce(now: Date().addingTimeInterval(120))
            #expect(pass.settled == 1)
            #expect(try await s.status(order.orderId) == .paid)
            #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.paymentKey == "pk_1")
            #expect(s.method.confirmCalls.count == 1)
        }
    }

    @Test("an approved payment for another amount than the order's never marks it paid")
    func approvedForOtherAmount() async throws {
        try await withPaymentShop { s in
            let order = try await confirmAnswerLost(s)
            s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .done, method: "카드",
                                                     totalAmount: 100, balanceAmount: 100))
            _ = await Reconciler(flow: s.flow).runOnce(now: Date().addingTimeInterval(120))
            #expect(try await s.status(order.orderId) == .confirming)
        }
    }
}

extension SiblingPaymentTests {
    @Test("an order confirming with no key bound (from before keys were bound) is never settled by confirming a READY window")
    func unboundOrderNeverConfirmsReadyWindow() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            _ = try await s.shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.pending], to: .confirming) }
            s.method.setProviderRecord(sibling(of: order, status: .ready))
            let pass = await Reconciler(flow: s.flow).runOnce(now: Date().addingTimeInterval(120))
            #expect(pass.settled == 0)
            #expect(s.method.confirmCalls.isEmpty)
            #expect(try await s.status(order.orderId) == .confirming)
        }
    }
}
