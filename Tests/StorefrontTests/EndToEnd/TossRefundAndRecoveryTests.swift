import Database
import Foundation
import Testing
import TestSupport
import TossSandbox
@testable import Storefront

/// Refunds, and what happens when Toss is slow, down or late, through the real server and sandbox.
@Suite("Toss refunds and recovery", .timeLimit(.minutes(1)))
struct TossRefundAndRecoveryTests {
    @Test("canceling a paid order refunds it through Toss once, returns the stock, and a second cancel refunds nothing",
          arguments: TestDatabases.engines)
    func cancelPaidOrder(engine: DatabaseEngine) async throws {
        try await withLiveShop(engine: engine) { live in
            let shopper = ScriptedShopper(live)
            let (orderId, _) = try await shopper.pay(with: "toss.card", quantity: 2)
            #expect(try await live.stock() == 3)
            let canceled = try await shopper.shopBrowser.post("/orders/\(orderId)/cancel", form: [("_csrf", shopper.csrf)])
            #expect(canceled.status == 200)
            #expect(try await live.status(orderId) == .canceled)
            #expect(try await live.stock() == 5)
            #expect(live.sandbox.status(orderId: orderId) == "CANCELED")
            #expect(try await live.payment(orderId)?.balanceAmount == 0)

            let again = try await shopper.shopBrowser.post("/orders/\(orderId)/cancel", form: [("_csrf", shopper.csrf)])
            #expect(again.status != 500)
            #expect(live.sandbox.callCount("cancel") == 1)
            #expect(try await live.stock() == 5)
        }
    }

    @Test("a partial refund leaves the order paid with the balance Toss reports, and the rest can follow")
    func partialRefund() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (orderId, _) = try await shopper.pay(with: "toss.card", quantity: 2)
            let order = try #require(try await live.shop.read { db in try OrderRepository().find(db, orderId: orderId) })
            _ = try await live.flow.cancel(userId: order.userId, orderId: orderId, amount: 5_000)
            #expect(try await live.payment(orderId)?.balanceAmount == 20_800)
            #expect(live.sandbox.status(orderId: orderId) == "PARTIAL_CANCELED")
            #expect(try await live.status(orderId) == .paid)

            _ = try await live.flow.cancel(userId: order.userId, orderId: orderId)
            #expect(try await live.payment(orderId)?.balanceAmount == 0)
            #expect(try await live.status(orderId) == .canceled)
            #expect(try await live.stock() == 5)
        }
    }

    @Test("a virtual account waiting for its deposit can be canceled, and its stock returns")
    func cancelWaitingVirtualAccount() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (orderId, _) = try await shopper.pay(with: "toss.virtualAccount")
            _ = try await shopper.shopBrowser.post("/orders/\(orderId)/cancel", form: [("_csrf", shopper.csrf)])
            #expect(try await live.status(orderId) == .canceled)
            #expect(live.sandbox.status(orderId: orderId) == "CANCELED")
            #expect(try await live.stock() == 5)
        }
    }

    @Test("a deposited virtual-account order is refunded through Toss to the account the shopper types, stored only masked")
    func refundDepositedVirtualAccount() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (orderId, _) = try await shopper.pay(with: "toss.virtualAccount")
            #expect(await live.sandbox.deposit(orderId: orderId) == .success("DONE"))
            try await eventually { try await live.status(orderId) == .paid }

            let withoutAccount = try await shopper.shopBrowser.post("/orders/\(orderId)/cancel", form: [("_csrf", shopper.csrf)])
            #expect(withoutAccount.status == 422)
            #expect(live.sandbox.callCount("cancel") == 0)

            let refunded = try await shopper.shopBrowser.post("/orders/\(orderId)/cancel", form: [
                ("_csrf", shopper.csrf), ("refund_bank", "88"), ("refund_account_number", "110-123-456789"), ("refund_holder_name", "홍길동"),
            ])
            #expect(refunded.status == 200)
            #expect(try await live.status(orderId) == .canceled)
            #expect(live.sandbox.status(orderId: orderId) == "CANCELED")
            #expect(try await live.stock() == 5)
            let stored = try #require(try await live.payment(orderId)?.rawResponse)
            #expect(!stored.contains("110123456789") && stored.contains("110*****6789"))
        }
    }

    @Test("a confirm whose answer is lost leaves the order confirming; the reconciler settles it without a second charge",
          arguments: TestDatabases.engines)
    func droppedConfirmThenReconcile(engine: DatabaseEngine) async throws {
        try await withLiveShop(engine: engine, clientTimeout: .seconds(1)) { live in
            live.sandbox.setFaults(SandboxFaults(dropNextConfirms: 1, dropHoldMilliseconds: 60_000))
            live.sandbox.setWebhookURL(nil) // so that the reconciler, not the DONE webhook, is what settles it
            let shopper = ScriptedShopper(live)
            let (page, key) = try await shopper.openPayment(method: "toss.card")
            let answer = try await shopper.visit(try await shopper.choose("approve", paymentKey: key))
            #expect(answer.status == 200)
            #expect(try await live.status(page.orderId) == .confirming)
            #expect(live.sandbox.status(orderId: page.orderId) == "DONE")

            let pass = await Reconciler(flow: live.flow).runOnce(now: Date().addingTimeInterval(120))
            #expect(pass.settled == 1)
            #expect(try await live.status(page.orderId) == .paid)
            #expect(try await live.payment(page.orderId)?.status == .done)
            #expect(live.sandbox.callCount("confirm") == 1)
        }
    }

    /// A 500 changed nothing and is not stored; a PROVIDER_ERROR (400) is stored and replayed to a retry under the
    /// same Idempotency-Key, so the reconciler must look the payment up and confirm under a fresh key.
    @Test("Toss answering a temporary error to confirm keeps the order confirming, and the reconciler confirms it later",
          arguments: ["FAILED_INTERNAL_SYSTEM_PROCESSING", "PROVIDER_ERROR"])
    func confirmServerErrorThenReconcile(code: String) async throws {
        try await withLiveShop { live in
            live.sandbox.setFaults(SandboxFaults(failNextConfirms: 1, confirmErrorCode: code))
            live.sandbox.setWebhookURL(nil)
            let shopper = ScriptedShopper(live)
            let (page, key) = try await shopper.openPayment(method: "toss.card")
            _ = try await shopper.visit(try await shopper.choose("approve", paymentKey: key))
            #expect(try await live.status(page.orderId) == .confirming)
            #expect(live.sandbox.status(orderId: page.orderId) == "IN_PROGRESS")

            _ = await Reconciler(flow: live.flow).runOnce(now: Date().addingTimeInterval(120))
            #expect(try await live.status(page.orderId) == .paid)
            #expect(live.sandbox.status(orderId: page.orderId) == "DONE")
            #expect(live.sandbox.callCount("confirm") == 2)
        }
    }

    @Test("a success redirect later than Toss's 10-minute confirm window fails the order with a clear message")
    func confirmAfterSessionExpired() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (page, key) = try await shopper.openPayment(method: "toss.card")
            let back = try await shopper.choose("approve", paymentKey: key)
            live.sandbox.advanceClock(by: 11 * 60)
            let answer = try await shopper.visit(back)
            #expect(try HTMLDocument(answer).first("//main//h1") != nil)
            #expect(try await live.status(page.orderId) == .failed)
            #expect(try await live.stock() == 5)
            #expect(live.sandbox.status(orderId: page.orderId) == "EXPIRED")
        }
    }

    @Test("webhooks the shop cannot take yet are retried until it answers 200")
    func webhookRetries() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (orderId, _) = try await shopper.pay(with: "toss.card")
            try await eventually { live.sandbox.webhookDeliveries.contains { $0.orderId == orderId && $0.answer == 200 } }
            // The shop answers 200 to the first try, so there is exactly one delivery of that event.
            #expect(live.sandbox.webhookDeliveries.filter { $0.orderId == orderId && $0.eventType == "PAYMENT_STATUS_CHANGED" }.count == 1)
        }
    }
}
