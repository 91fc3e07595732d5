import Foundation
import Testing
import TestSupport
import TossSandbox
@testable import Storefront

/// One order, two Toss windows (the shopper pressed back and 결제하기 again, or used two tabs), through
/// the real server and sandbox: the payment the shopper approved stays the order's payment.
@Suite("Two payment windows for one order", .timeLimit(.minutes(1)))
struct TwoWindowsEndToEndTests {
    /// Checks out by card and opens the window twice: K1 (first) and K2 (second), both READY.
    func twoWindows(_ shopper: ScriptedShopper) async throws -> (orderId: String, first: String, second: String) {
        let (page, first) = try await shopper.openPayment(method: "toss.card")
        let second = try await shopper.openWindow(page)
        return (page.orderId, first, second)
    }

    @Test("approving the first window, then the webhook, keeps its card payment and 주문 취소 refunds it")
    func webhookKeepsApprovedPayment() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (orderId, first, second) = try await twoWindows(shopper)
            _ = try await shopper.visit(try await shopper.choose("approve", paymentKey: first))
            #expect(try await live.status(orderId) == .paid)
            try await eventually {
                live.sandbox.webhookDeliveries.contains { $0.orderId == orderId && $0.eventType == "PAYMENT_STATUS_CHANGED" && $0.answer == 200 }
            }
            let payment = try #require(try await live.payment(orderId))
            #expect(payment.paymentKey == first && payment.status == .done && payment.receiptLines.value("카드") != nil)

            let canceled = try await shopper.shopBrowser.post("/orders/\(orderId)/cancel", form: [("_csrf", shopper.csrf)])
            #expect(canceled.status == 200)
            #expect(try await live.status(orderId) == .canceled)
            #expect(try await live.payment(orderId)?.paymentKey == first)
            #expect(try await live.payment(orderId)?.balanceAmount == 0)
            #expect(try await live.stock() == 5)
            #expect(live.sandbox.status(orderId: orderId) == "CANCELED")
            #expect(try await live.shop.count("toss_payment") == 1)
        }
    }

    @Test("a confirm whose answer was lost is settled by the reconciler from the approved payment, not a READY sibling")
    func reconcilerIgnoresReadySibling() async throws {
        try await withLiveShop(clientTimeout: .seconds(1)) { live in
            live.sandbox.setFaults(SandboxFaults(dropNextConfirms: 1, dropHoldMilliseconds: 60_000))
            live.sandbox.setWebhookURL(nil)
            let shopper = ScriptedShopper(live)
            let (orderId, first, _) = try await twoWindows(shopper)
            _ = try await shopper.visit(try await shopper.choose("approve", paymentKey: first))
            #expect(try await live.status(orderId) == .confirming)

            let pass = await Reconciler(flow: live.flow).runOnce(now: Date().addingTimeInterval(120))
            #expect(pass.settled == 1)
            #expect(try await live.status(orderId) == .paid)
            #expect(try await live.payment(orderId)?.paymentKey == first)
            #expect(live.sandbox.callCount("confirm") == 1)
        }
    }
}
