import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// Where the sandbox used to differ from Toss in what the shop did not look at (issue 20): the webhook of an issued
/// virtual account, `approvedAt` and `secret` by method, 토스페이's points per payment, and `refundableAmount`.
@Suite("Sandbox behaves like Toss", .timeLimit(.minutes(1)))
struct TossAlignmentTests {
    func confirmed(_ fixture: SandboxFixture, method: String = "CARD", extras: String = "",
                   action: String = "approve", points: Bool = true) async throws -> PaymentRecord {
        let orderId = "order-" + UUID().uuidString.prefix(8)
        let key = try await fixture.openWindow(method: method, orderId: String(orderId), extras: extras)
        let answer = try await TestHTTPClient.request(port: fixture.port, "POST", "/sandbox/window/\(key)",
                                                      headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                      body: Array("action=\(action)\(points ? "" : "&points=none")".utf8))
        try #require(answer.status == 303)
        return try await fixture.client.confirm(paymentKey: key, orderId: String(orderId), amount: 15_000, idempotencyKey: "confirm-\(orderId)")
    }

    @Test("issuing a virtual account sends DEPOSIT_CALLBACK with WAITING_FOR_DEPOSIT and the payment's secret")
    func issuedWebhook() async throws {
        try await withWebhookSandbox(answer: 200) { fixture, receiver in
            let issued = try await confirmed(fixture, method: "VIRTUAL_ACCOUNT")
            try await receiver.waitFor(count: 1)
            let callback = try #require(receiver.bodies.first)
            #expect(callback["eventType"] == nil && callback["status"] as? String == "WAITING_FOR_DEPOSIT")
            #expect(callback["orderId"] as? String == issued.orderId && callback["secret"] as? String == issued.secret)
        }
    }

    @Test("a virtual account's approvedAt is null until its deposit, then the deposit's time")
    func approvedAtAtDeposit() async throws {
        try await withSandbox { fixture in
            let issued = try await confirmed(fixture, method: "VIRTUAL_ACCOUNT")
            #expect(issued.approvedAt == nil)
            #expect(try await fixture.client.payment(orderId: issued.orderId).approvedAt == nil)
            #expect(await fixture.sandbox.deposit(orderId: issued.orderId) == .success("DONE"))
            #expect(try await fixture.client.payment(orderId: issued.orderId).approvedAt?.hasSuffix("+09:00") == true)
        }
    }

    @Test("only a virtual account carries a secret; card, transfer and 토스페이 payments have none", arguments: [
        ("CARD", ""), ("TRANSFER", ""), ("CARD", #","card":{"flowMode":"DIRECT","easyPay":"TOSSPAY"}"#),
    ])
    func secretOnlyOnVirtualAccounts(method: String, extras: String) async throws {
        try await withSandbox { fixture in
            let paid = try await confirmed(fixture, method: method, extras: extras)
            #expect(paid.status == .done && paid.secret == nil)
            #expect(try await confirmed(fixture, method: "VIRTUAL_ACCOUNT").secret?.hasPrefix("ps_") == true)
        }
    }

    @Test("토스페이 can be paid without points, from the account or a registered card, chosen per payment", arguments: ["approve", "approve-card"])
    func tossPayWithoutPoints(action: String) async throws {
        try await withSandbox { fixture in
            let tossPay = #","card":{"flowMode":"DIRECT","easyPay":"TOSSPAY"}"#
            let withPoints = try await confirmed(fixture, extras: tossPay, action: action)
            #expect(withPoints.discount == SandboxConfiguration().tossPayDiscount)
            let without = try await confirmed(fixture, extras: tossPay, action: action, points: false)
            #expect(without.discount == 0 && without.paidAmount == 15_000 && without.receiptLines.value("간편결제") == "토스페이")
            #expect((without.receiptLines.value("카드") != nil) == (action == "approve-card"))
        }
    }

    @Test("the window offers 토스페이 without points beside the two ways with them")
    func windowOffersNoPoints() async throws {
        try await withSandbox { fixture in
            let response = try await fixture.windowResponse(orderId: "order-nopoints", extras: #","card":{"flowMode":"DIRECT","easyPay":"TOSSPAY"}"#)
            let page = try HTMLDocument(response)
            #expect(page.xpath("//form[input[@name='points' and @value='none']]").count == 2)
        }
    }

    @Test("refundableAmount of each cancel is what was left to refund after it, also for cancels an older ledger kept")
    func refundableFromCancels() {
        var payment = SandboxPayment(paymentKey: "k", orderId: "order-1", orderName: "사과", method: .card, totalAmount: 15_000,
                                     balanceAmount: 7_000, successURL: "http://s", failURL: "http://f", validHours: 1, requestedAt: Date())
        payment.approvedAt = Date()
        payment.status = "PARTIAL_CANCELED"
        payment.cancels = [.init(amount: 5_000, reason: "부분", canceledAt: Date(), transactionKey: "t1"),
                           .init(amount: 3_000, reason: "부분", canceledAt: Date(), transactionKey: "t2")]
        let cancels = payment.json()["cancels"] as? [[String: Any]] ?? []
        #expect(cancels.map { $0["refundableAmount"] as? Int } == [10_000, 7_000])
    }
}
