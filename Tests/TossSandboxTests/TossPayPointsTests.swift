import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// 토스페이 paid partly with Toss points, as Toss's easy-pay response guide shows it: `totalAmount` is
/// `card.amount + easyPay.amount + easyPay.discountAmount`, the rest paid by a registered card or the linked
/// account, and each cancel says in `easyPayDiscountAmount` how much went back as points and in
/// `refundableAmount` what is left to refund.
@Suite("Sandbox 토스페이 with points", .timeLimit(.minutes(1)))
struct TossPayPointsTests {
    static let tossPay = #","card":{"flowMode":"DIRECT","easyPay":"TOSSPAY"}"#
    static var settings: SandboxConfiguration {
        var settings = SandboxConfiguration()
        settings.tossPayDiscount = 5_000
        return settings
    }

    func confirmed(_ fixture: SandboxFixture, action: String = "approve") async throws -> PaymentRecord {
        let (key, orderId) = try await fixture.authenticatedPayment(extras: Self.tossPay, action: action)
        return try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-\(orderId)")
    }

    /// The Payment object the sandbox answers for `paymentKey`, as JSON.
    func json(_ fixture: SandboxFixture, _ paymentKey: String) throws -> [String: Any] {
        try #require(fixture.sandbox.ledger.payment(key: paymentKey)?.json())
    }

    @Test("토스페이 paid by a registered card and points: card.amount and easyPay.discountAmount make the total")
    func cardAndPoints() async throws {
        try await withSandbox(settings: Self.settings) { fixture in
            let paid = try await confirmed(fixture, action: "approve-card")
            let object = try json(fixture, paid.paymentKey)
            #expect((object["card"] as? [String: Any])?["amount"] as? Int == 10_000)
            #expect((object["easyPay"] as? [String: Any])?["amount"] as? Int == 0)
            #expect(paid.receiptLines.value("카드") != nil && paid.receiptLines.value("간편결제") == "토스페이" && paid.discount == 5_000)
        }
    }

    @Test("토스페이 paid from the account and points: easyPay.amount is the account's part and no card is sent")
    func accountAndPoints() async throws {
        try await withSandbox(settings: Self.settings) { fixture in
            let paid = try await confirmed(fixture)
            let object = try json(fixture, paid.paymentKey)
            #expect(object["card"] is NSNull)
            #expect((object["easyPay"] as? [String: Any])?["amount"] as? Int == 10_000)
            #expect(paid.receiptLines.value("카드") == nil && paid.discount == 5_000 && paid.paidAmount == 10_000)
        }
    }

    @Test("a partial cancel returns the card's part first and reports what is left as refundableAmount")
    func partialCancel() async throws {
        try await withSandbox(settings: Self.settings) { fixture in
            let paid = try await confirmed(fixture, action: "approve-card")
            let canceled = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "부분", amount: 3_000, idempotencyKey: "p1")
            #expect(canceled.refundedAmount == 3_000 && canceled.pointsRefunded == 0)
            let cancel = try #require((try json(fixture, paid.paymentKey)["cancels"] as? [[String: Any]])?.first)
            #expect(cancel["refundableAmount"] as? Int == 12_000 && cancel["easyPayDiscountAmount"] as? Int == 0)
        }
    }

    @Test("a full cancel returns the points as points: 15,000 refunded, 5,000 of it to Toss points")
    func fullCancel() async throws {
        try await withSandbox(settings: Self.settings) { fixture in
            let paid = try await confirmed(fixture)
            let canceled = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "전액", amount: nil, idempotencyKey: "f1")
            #expect(canceled.status == .canceled && canceled.refundedAmount == 15_000 && canceled.pointsRefunded == 5_000)
        }
    }

    @Test("after a partial cancel, cancelling the rest returns the rest of the card's part and all the points")
    func partialThenRest() async throws {
        try await withSandbox(settings: Self.settings) { fixture in
            let paid = try await confirmed(fixture, action: "approve-card")
            _ = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "부분", amount: 12_000, idempotencyKey: "p1")
            let rest = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "나머지", amount: nil, idempotencyKey: "p2")
            #expect(rest.balanceAmount == 0 && rest.refundedAmount == 15_000 && rest.pointsRefunded == 5_000)
            let cancels = try #require(try json(fixture, paid.paymentKey)["cancels"] as? [[String: Any]])
            #expect(cancels.map { $0["easyPayDiscountAmount"] as? Int } == [2_000, 3_000])
            #expect(cancels.map { $0["refundableAmount"] as? Int } == [3_000, 0])
        }
    }
}
