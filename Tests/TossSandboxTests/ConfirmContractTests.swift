import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// The confirm and lookup contract (TOSS_API.md §4.1, §4.2), proved through the real client.
@Suite("Sandbox confirm and lookups", .timeLimit(.minutes(1)))
struct ConfirmContractTests {
    @Test("confirming an authenticated card payment answers DONE with the card, Korea-time approvedAt and the amount")
    func confirmCard() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            let record = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            #expect(record.status == .done)
            #expect(record.method == "카드")
            #expect(record.totalAmount == 15_000 && record.balanceAmount == 15_000)
            #expect(record.receiptLines.value("카드") == "신한카드 53275000****123*")
            #expect(record.approvedAt?.hasSuffix("+09:00") == true)
        }
    }

    @Test("a second confirm of an approved payment is ALREADY_PROCESSED_PAYMENT")
    func secondConfirm() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            _ = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            let error = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-2")
            }
            #expect(error?.kind == .alreadyProcessed && error?.code == "ALREADY_PROCESSED_PAYMENT")
        }
    }

    @Test("the same Idempotency-Key replays the first answer instead of failing")
    func idempotentReplay() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            let first = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-x")
            let again = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-x")
            #expect(first == again)
        }
    }

    @Test("a repeat while the first request still runs is 409 IDEMPOTENT_REQUEST_PROCESSING, an unknown outcome")
    func idempotentInFlight() async throws {
        try await withSandbox { fixture in
            // The first confirm is held until the repeat has been answered (the delay is cleared below), so the repeat
            // arrives while it runs however busy the machine: a 3 s delay once ran out before a loaded run's repeat came.
            fixture.sandbox.setFaults(SandboxFaults(confirmDelayMilliseconds: 120_000))
            let (key, orderId) = try await fixture.authenticatedPayment()
            async let first = fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "same")
            // The repeat goes once the first is under way at the sandbox: a fixed sleep let the repeat arrive first on a
            // loaded machine (a clean-clone run saw the first answered 409 instead).
            let deadline = ContinuousClock.now.advanced(by: .seconds(30))
            while fixture.sandbox.idempotency.runningCount == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let error = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "same")
            }
            fixture.sandbox.setFaults(SandboxFaults())
            #expect(error?.code == "IDEMPOTENT_REQUEST_PROCESSING" && error?.kind == .unknownOutcome)
            #expect(try await first.status == .done)
        }
    }

    @Test("an amount or orderId other than the one bound to the payment is refused and changes nothing")
    func bindingCheck() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            let wrongAmount = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 100, idempotencyKey: "a")
            }
            #expect(wrongAmount?.kind == .rejected && wrongAmount?.code == "INVALID_REQUEST")
            let wrongOrder = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: "other-order", amount: 15_000, idempotencyKey: "b")
            }
            #expect(wrongOrder?.code == "INVALID_REQUEST")
            #expect(fixture.sandbox.status(orderId: orderId) == "IN_PROGRESS")
        }
    }

    @Test("confirming more than 10 minutes after authentication is NOT_FOUND_PAYMENT_SESSION and the payment expires")
    func confirmWindowExpires() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            fixture.sandbox.advanceClock(by: 10 * 60 + 1)
            let error = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "late")
            }
            #expect(error?.code == "NOT_FOUND_PAYMENT_SESSION" && error?.kind == .rejected)
            let record = try await fixture.client.payment(orderId: orderId)
            #expect(record.status == .expired && record.failureCode == "EXPIRED_PAYMENT")
        }
    }

    @Test("unknown payment keys and orders are NOT_FOUND_PAYMENT")
    func unknownPayment() async throws {
        try await withSandbox { fixture in
            let byKey = await paymentError { () async throws(PaymentError) in try await fixture.client.payment(paymentKey: "nope") }
            let byOrder = await paymentError { () async throws(PaymentError) in try await fixture.client.payment(orderId: "nope-order") }
            #expect(byKey?.kind == .notFound && byKey?.code == "NOT_FOUND_PAYMENT")
            #expect(byOrder?.kind == .notFound)
        }
    }

    @Test("lookups by payment key and by order id return the same payment")
    func lookups() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            let byKey = try await fixture.client.payment(paymentKey: key)
            let byOrder = try await fixture.client.payment(orderId: orderId)
            #expect(byKey.paymentKey == byOrder.paymentKey && byKey.status == .inProgress)
        }
    }

    @Test("a 500 from Toss is an unknown outcome that changed nothing, and a retry with the same key succeeds")
    func serverErrorThenRetry() async throws {
        try await withSandbox { fixture in
            fixture.sandbox.setFaults(SandboxFaults(failNextConfirms: 1))
            let (key, orderId) = try await fixture.authenticatedPayment()
            let error = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "retry")
            }
            #expect(error?.kind == .unknownOutcome && error?.code == "FAILED_INTERNAL_SYSTEM_PROCESSING")
            #expect(fixture.sandbox.status(orderId: orderId) == "IN_PROGRESS")
            #expect(try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "retry").status == .done)
        }
    }

    @Test("a confirm slower than the client's timeout is an unknown outcome named TIMEOUT")
    func clientTimeout() async throws {
        try await withSandbox(clientTimeout: .milliseconds(300)) { fixture in
            fixture.sandbox.setFaults(SandboxFaults(dropNextConfirms: 1, dropHoldMilliseconds: 5_000))
            let (key, orderId) = try await fixture.authenticatedPayment()
            let error = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "slow")
            }
            #expect(error?.kind == .unknownOutcome && error?.code == "TIMEOUT")
        }
    }

    @Test("TossPay approves with Toss points: easyPay.discountAmount recorded, the account pays the rest")
    func tossPayDiscount() async throws {
        var settings = SandboxConfiguration()
        settings.tossPayDiscount = 2_000
        try await withSandbox(settings: settings) { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment(extras: #","card":{"flowMode":"DIRECT","easyPay":"TOSSPAY"}"#)
            let record = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "tp")
            #expect(record.method == "간편결제" && record.receiptLines.value("간편결제") == "토스페이")
            #expect(record.totalAmount == 15_000 && record.discount == 2_000 && record.paidAmount == 13_000)
        }
    }
}
