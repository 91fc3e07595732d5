import Database
import Foundation
import PluginKit
import Testing
@testable import Storefront

/// Operator refunds through `PaymentFlow.refund` (the shopper's cancel path) on both engines: partial refunds by
/// line return only those units, the refund rows add up to what the payment refunded, and refunds racing each
/// other or the shopper's cancel never refund more than was paid nor give back more units than were bought.
@Suite("Operator refunds through the cancel path", .timeLimit(.minutes(2)))
struct OperatorRefundTests {
    /// A paid order of `quantity` apples; returns it with its stored total.
    static func paidOrder(_ s: PaymentShop, quantity: Int = 2) async throws -> Order {
        let order = try await s.placeOrder(quantity: quantity)
        _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_\(order.orderId)", amount: String(order.totalPrice))
        #expect(try await s.status(order.orderId) == .paid)
        return order
    }

    static func payment(_ s: PaymentShop, _ orderId: String) async throws -> StoredPayment? {
        try await s.shop.read { db in try PaymentRepository().find(db, orderId: orderId) }
    }

    static func refunds(_ s: PaymentShop, _ orderId: String) async throws -> [OrderRefund] {
        try await s.shop.read { db in try OrderRefundRepository().refunds(db, orderId: orderId) }
    }

    static func claim(_ s: PaymentShop, staff: String, units: Int = 0, balance: Int) -> RefundClaim {
        RefundClaim(staffId: staff, lines: units > 0 ? [OrderRefund.Line(productId: s.product.id, quantity: units)] : [],
                    expectedBalance: balance)
    }

    @Test("a refund of one unit of two refunds its price, keeps the order paid and returns that unit to stock", arguments: TestDatabases.engines)
    func oneUnit(on engine: DatabaseEngine) async throws {
        try await withPaymentShop(on: engine) { s in
            let order = try await Self.paidOrder(s)
            let stockBefore = try await s.stock()
            let after = try await s.flow.refund(orderId: order.orderId, amount: 12_900, reason: "한 개 파손",
                                                claim: Self.claim(s, staff: "op1", units: 1, balance: order.totalPrice))
            #expect(after.status == .paid)
            #expect(try await Self.payment(s, order.orderId)?.balanceAmount == order.totalPrice - 12_900)
            #expect(try await s.stock() == stockBefore + 1)
            let refunds = try await Self.refunds(s, order.orderId)
            #expect(refunds.count == 1 && refunds[0].state == .done && refunds[0].amount == 12_900 && refunds[0].staffId == "op1")
            #expect(refunds[0].lines == [OrderRefund.Line(productId: s.product.id, quantity: 1)])
        }
    }

    @Test("after a refund by line, refunding the rest cancels the order and gives back only the units still out", arguments: TestDatabases.engines)
    func restAfterLine(on engine: DatabaseEngine) async throws {
        try await withPaymentShop(on: engine) { s in
            let order = try await Self.paidOrder(s)
            let stockBefore = try await s.stock()
            _ = try await s.flow.refund(orderId: order.orderId, amount: 12_900, reason: "한 개 파손",
                                        claim: Self.claim(s, staff: "op1", units: 1, balance: order.totalPrice))
            let rest = order.totalPrice - 12_900
            let after = try await s.flow.refund(orderId: order.orderId, amount: nil, reason: "전부 환불",
                                                claim: Self.claim(s, staff: "op1", balance: rest))
            #expect(after.status == .canceled)
            #expect(try await s.stock() == stockBefore + 2)
            #expect(try await Self.refunds(s, order.orderId).map(\.amount) == [12_900, rest])
        }
    }

    @Test("a form drawn before another refund landed is refused (409) and refunds nothing", arguments: TestDatabases.engines)
    func staleForm(on engine: DatabaseEngine) async throws {
        try await withPaymentShop(on: engine) { s in
            let order = try await Self.paidOrder(s)
            _ = try await s.flow.refund(orderId: order.orderId, amount: 1_000, reason: "보상",
                                        claim: Self.claim(s, staff: "op1", balance: order.totalPrice))
            await #expect(throws: ShopError.conflict(PaymentFlow.refundStaleMessage)) {
                _ = try await s.flow.refund(orderId: order.orderId, amount: 2_000, reason: "보상",
                                            claim: Self.claim(s, staff: "op2", balance: order.totalPrice))
            }
            #expect(try await Self.payment(s, order.orderId)?.refundedAmount == 1_000)
        }
    }

    @Test("two operators refunding the same order at once never refund more than was paid", arguments: TestDatabases.engines)
    func twoOperators(on engine: DatabaseEngine) async throws {
        try await withPaymentShop(on: engine) { s in
            let order = try await Self.paidOrder(s)
            s.method.state.withLock { $0.cancelDelay = .milliseconds(300) }
            let total = order.totalPrice
            async let first: Order? = try? s.flow.refund(orderId: order.orderId, amount: total - 1_000, reason: "A",
                                                         claim: Self.claim(s, staff: "op1", balance: total))
            async let second: Order? = try? s.flow.refund(orderId: order.orderId, amount: total - 2_000, reason: "B",
                                                          claim: Self.claim(s, staff: "op2", balance: total))
            let outcomes = await [first, second]
            #expect(outcomes.compactMap { $0 }.count == 1)
            let payment = try #require(try await Self.payment(s, order.orderId))
            let done = try await Self.refunds(s, order.orderId).filter { $0.state == .done }
            #expect(payment.refundedAmount <= total)
            #expect(done.reduce(0) { $0 + $1.amount } == payment.refundedAmount)
            #expect(s.method.cancelCallCount == 1)
        }
    }

    @Test("an operator's refund of one unit beside the shopper's cancel: at most what was paid, each unit back once", arguments: TestDatabases.engines)
    func besideShopper(on engine: DatabaseEngine) async throws {
        try await withPaymentShop(on: engine) { s in
            let order = try await Self.paidOrder(s)
            let stockBefore = try await s.stock()
            s.method.state.withLock { $0.cancelDelay = .milliseconds(300) }
            async let operatorRefund: Order? = try? s.flow.refund(orderId: order.orderId, amount: 12_900, reason: "한 개",
                                                                  claim: Self.claim(s, staff: "op1", units: 1, balance: order.totalPrice))
            async let shopperCancel: Order? = try? s.flow.cancel(userId: s.userId, orderId: order.orderId)
            _ = await [operatorRefund, shopperCancel]
            let payment = try #require(try await Self.payment(s, order.orderId))
            #expect(payment.refundedAmount <= order.totalPrice)
            let done = try await Self.refunds(s, order.orderId).filter { $0.state == .done }
            #expect(done.reduce(0) { $0 + $1.amount } == payment.refundedAmount)
            // Units back: all when the order ended canceled, else those of the refunds by line.
            let status = try await s.status(order.orderId)
            let unitsBack = status == .canceled ? 2 : done.flatMap(\.lines).reduce(0) { $0 + $1.quantity }
            #expect(try await s.stock() == stockBefore + unitsBack)
        }
    }
}
