import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// One order, two payment windows (the shopper pressed back and 결제하기 again, or used two tabs): Toss
/// keeps one payment per window, and the lookup by order id answers the one that was approved.
@Suite("Sandbox: two windows for one order", .timeLimit(.minutes(1)))
struct TwoWindowsTests {
    /// Opens two windows for one order and presses approve in the first: K1 IN_PROGRESS, K2 READY.
    func twoWindows(_ fixture: SandboxFixture) async throws -> (first: String, second: String, orderId: String) {
        let orderId = "order-" + UUID().uuidString.prefix(8)
        let first = try await fixture.openWindow(orderId: String(orderId))
        let second = try await fixture.openWindow(orderId: String(orderId))
        try await fixture.approve(first)
        return (first, second, String(orderId))
    }

    @Test("the lookup by order id answers the approved payment, not a newer window left READY")
    func lookupAnswersApproved() async throws {
        try await withSandbox { fixture in
            let (first, second, orderId) = try await twoWindows(fixture)
            #expect(first != second)
            _ = try await fixture.client.confirm(paymentKey: first, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            let byOrder = try await fixture.client.payment(orderId: orderId)
            #expect(byOrder.paymentKey == first && byOrder.status == .done)
            #expect(try await fixture.client.payment(paymentKey: second).status == .ready)
        }
    }

    @Test("before any approval, the lookup by order id answers the window the person authenticated in")
    func lookupAnswersAuthenticated() async throws {
        try await withSandbox { fixture in
            let (first, _, orderId) = try await twoWindows(fixture)
            let byOrder = try await fixture.client.payment(orderId: orderId)
            #expect(byOrder.paymentKey == first && byOrder.status == .inProgress)
        }
    }

    @Test("a second window of an order already approved cannot be confirmed: DUPLICATED_ORDER_ID, one charge")
    func secondApprovalRefused() async throws {
        try await withSandbox { fixture in
            let (first, second, orderId) = try await twoWindows(fixture)
            try await fixture.approve(second)
            _ = try await fixture.client.confirm(paymentKey: first, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            let error = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: second, orderId: orderId, amount: 15_000, idempotencyKey: "c-2")
            }
            #expect(error?.code == "DUPLICATED_ORDER_ID" && error?.kind == .alreadyProcessed)
            #expect(try await fixture.client.payment(paymentKey: second).status == .inProgress)
            #expect(try await fixture.client.payment(orderId: orderId).paymentKey == first)
        }
    }

    @Test("the dashboard's deposit pays the issued virtual account even when a newer window is open")
    func depositFindsIssuedAccount() async throws {
        try await withSandbox { fixture in
            let orderId = "order-" + UUID().uuidString.prefix(8)
            let request = #","virtualAccount":{"validHours":24}"#
            let first = try await fixture.openWindow(method: "VIRTUAL_ACCOUNT", orderId: String(orderId), extras: request)
            try await fixture.approve(first)
            _ = try await fixture.client.confirm(paymentKey: first, orderId: String(orderId), amount: 15_000, idempotencyKey: "c-1")
            _ = try await fixture.openWindow(method: "VIRTUAL_ACCOUNT", orderId: String(orderId), extras: request)
            #expect(await fixture.sandbox.deposit(orderId: String(orderId)) == .success("DONE"))
            #expect(try await fixture.client.payment(paymentKey: first).status == .done)
        }
    }
}
