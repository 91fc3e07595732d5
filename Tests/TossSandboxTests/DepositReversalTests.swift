import Foundation
import HTTP
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// The dashboard's 입금 오류 (TOSS_API.md §6): Toss takes a deposit back, the payment is WAITING_FOR_DEPOSIT again,
/// and a DEPOSIT_CALLBACK says so.
@Suite("Sandbox deposit reversals", .timeLimit(.minutes(1)))
struct DepositReversalTests {
    func deposited(_ fixture: SandboxFixture) async throws -> PaymentRecord {
        let (key, orderId) = try await fixture.authenticatedPayment(method: "VIRTUAL_ACCOUNT")
        let issued = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-\(orderId)")
        #expect(await fixture.sandbox.deposit(orderId: orderId) == .success("DONE"))
        return issued
    }

    @Test("the dashboard's reverse button sends DEPOSIT_CALLBACK with WAITING_FOR_DEPOSIT and the payment waits again")
    func dashboardReverse() async throws {
        try await withWebhookSandbox(answer: 200) { fixture, receiver in
            let issued = try await deposited(fixture)
            try await receiver.waitFor(count: 3)
            let page = try await TestHTTPClient.request(port: fixture.port, "GET", "/sandbox")
            let action = try #require(try HTMLDocument(page).first("//form[contains(@action, 'reverse')]")?.attribute("action"))
            let answer = try await TestHTTPClient.request(port: fixture.port, "POST", action,
                                                          headers: [("Content-Type", "application/x-www-form-urlencoded")], body: [])
            #expect(answer.status == 303)
            try await receiver.waitFor(count: 4)
            let callback = try #require(receiver.bodies.last { $0["eventType"] == nil && $0["status"] as? String == "WAITING_FOR_DEPOSIT" })
            #expect(callback["orderId"] as? String == issued.orderId)
            #expect(callback["secret"] as? String == issued.secret)
            #expect(try await fixture.client.payment(orderId: issued.orderId).status == .waitingForDeposit)
        }
    }

    @Test("only a deposited virtual account can be reversed")
    func onlyDeposited() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            _ = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-\(orderId)")
            guard case .failure(let error) = await fixture.sandbox.reverseDeposit(orderId: orderId) else {
                Issue.record("a card payment's deposit was reversed")
                return
            }
            #expect(error.code == "INVALID_REQUEST")
            #expect(fixture.sandbox.status(orderId: orderId) == "DONE")
        }
    }
}
