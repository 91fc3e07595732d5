import Database
import Foundation
import Testing
import TestSupport
import TossSandbox
@testable import Storefront

/// An operator's refund by line through the real server's flow and the Toss sandbox: Toss's partial cancel lowers
/// the balance, the unit goes back to stock, and a form drawn before it is refused without a second call to Toss.
@Suite("Operator refunds through the Toss sandbox", .timeLimit(.minutes(1)))
struct OperatorRefundEndToEndTests {
    @Test("one unit of two refunded by line is PARTIAL_CANCELED at Toss, the order stays paid, a stale form calls Toss no more",
          arguments: TestDatabases.engines)
    func oneUnitAtToss(engine: DatabaseEngine) async throws {
        try await withLiveShop(engine: engine) { live in
            let shopper = ScriptedShopper(live)
            let (orderId, _) = try await shopper.pay(with: "toss.card", quantity: 2)
            let order = try #require(try await live.shop.read { db in try OrderRepository().find(db, orderId: orderId) })
            let line = try #require(order.lines.first)
            let claim = RefundClaim(staffId: "op1", lines: [OrderRefund.Line(productId: line.productId, quantity: 1)],
                                    expectedBalance: order.totalPrice)
            let after = try await live.flow.refund(orderId: orderId, amount: line.unitPrice, reason: "한 개 파손", claim: claim)
            #expect(after.status == .paid)
            #expect(live.sandbox.status(orderId: orderId) == "PARTIAL_CANCELED")
            #expect(try await live.payment(orderId)?.balanceAmount == order.totalPrice - line.unitPrice)
            #expect(try await live.stock() == 4)
            await #expect(throws: ShopError.conflict(PaymentFlow.refundStaleMessage)) {
                _ = try await live.flow.refund(orderId: orderId, amount: 1_000, reason: "보상",
                                               claim: RefundClaim(staffId: "op2", expectedBalance: order.totalPrice))
            }
            #expect(live.sandbox.callCount("cancel") == 1)
        }
    }
}
