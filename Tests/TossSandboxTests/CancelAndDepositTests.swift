import Foundation
import HTTP
import PluginKit
import Synchronization
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// Cancels (§4.3), virtual-account deposits and the webhooks they send (§6).
@Suite("Sandbox cancels, deposits and webhooks", .timeLimit(.minutes(1)))
struct CancelAndDepositTests {
    func confirmed(_ fixture: SandboxFixture, method: String = "CARD", extras: String = "") async throws -> PaymentRecord {
        let (key, orderId) = try await fixture.authenticatedPayment(method: method, extras: extras)
        return try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-\(orderId)")
    }

    @Test("a full cancel is CANCELED with a zero balance; canceling again is ALREADY_CANCELED_PAYMENT")
    func fullCancel() async throws {
        try await withSandbox { fixture in
            let paid = try await confirmed(fixture)
            let canceled = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "고객 요청", amount: nil, idempotencyKey: "x1")
            #expect(canceled.status == .canceled && canceled.balanceAmount == 0)
            let again = await paymentError { () async throws(PaymentError) in
                try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "고객 요청", amount: nil, idempotencyKey: "x2")
            }
            #expect(again?.kind == .alreadyCanceled)
        }
    }

    @Test("partial cancels lower the balance and stay PARTIAL_CANCELED; more than the balance is NOT_CANCELABLE_AMOUNT")
    func partialCancels() async throws {
        try await withSandbox { fixture in
            let paid = try await confirmed(fixture)
            let first = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "부분", amount: 5_000, idempotencyKey: "p1")
            #expect(first.status == .partialCanceled && first.balanceAmount == 10_000)
            let tooMuch = await paymentError { () async throws(PaymentError) in
                try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "부분", amount: 10_001, idempotencyKey: "p2")
            }
            #expect(tooMuch?.code == "NOT_CANCELABLE_AMOUNT" && tooMuch?.kind == .rejected)
            let rest = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "나머지", amount: nil, idempotencyKey: "p3")
            #expect(rest.status == .partialCanceled && rest.balanceAmount == 0)
        }
    }

    @Test("a cancel retried with the same Idempotency-Key refunds once")
    func cancelReplay() async throws {
        try await withSandbox { fixture in
            let paid = try await confirmed(fixture)
            let first = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "부분", amount: 1_000, idempotencyKey: "same")
            let replay = try await fixture.client.cancel(paymentKey: paid.paymentKey, reason: "부분", amount: 1_000, idempotencyKey: "same")
            #expect(first == replay && replay.balanceAmount == 14_000)
        }
    }

    @Test("a virtual account is issued as WAITING_FOR_DEPOSIT with an X account, a due date and a secret")
    func virtualAccountIssued() async throws {
        try await withSandbox { fixture in
            let issued = try await confirmed(fixture, method: "VIRTUAL_ACCOUNT", extras: #","virtualAccount":{"validHours":24}"#)
            #expect(issued.status == .waitingForDeposit)
            let account = try #require(issued.virtualAccount)
            #expect(account.accountNumber.hasPrefix("X") && account.bankName == "우리은행" && account.dueDate.hasSuffix("+09:00"))
            #expect(issued.secret?.hasPrefix("ps_") == true)
        }
    }

    @Test("a waiting virtual account cannot be partly refunded, but can be canceled whole")
    func virtualAccountCancel() async throws {
        try await withSandbox { fixture in
            let issued = try await confirmed(fixture, method: "VIRTUAL_ACCOUNT")
            let partial = await paymentError { () async throws(PaymentError) in
                try await fixture.client.cancel(paymentKey: issued.paymentKey, reason: "부분", amount: 1_000, idempotencyKey: "v1")
            }
            #expect(partial?.code == "NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT")
            let canceled = try await fixture.client.cancel(paymentKey: issued.paymentKey, reason: "취소", amount: nil, idempotencyKey: "v2")
            #expect(canceled.status == .canceled)
        }
    }

    @Test("a deposit completes the payment and sends DEPOSIT_CALLBACK (flat, with the secret) and PAYMENT_STATUS_CHANGED")
    func depositWebhooks() async throws {
        try await withWebhookSandbox(answer: 200) { fixture, receiver in
            let issued = try await confirmed(fixture, method: "VIRTUAL_ACCOUNT")
            #expect(await fixture.sandbox.deposit(orderId: issued.orderId) == .success("DONE"))
            // The issue's DEPOSIT_CALLBACK (WAITING_FOR_DEPOSIT), then the deposit's two.
            try await receiver.waitFor(count: 3)
            let bodies = receiver.bodies
            let callback = try #require(bodies.first { $0["eventType"] == nil && $0["status"] as? String == "DONE" })
            #expect(callback["status"] as? String == "DONE" && callback["orderId"] as? String == issued.orderId)
            #expect(callback["secret"] as? String == issued.secret)
            let changed = try #require(bodies.first { $0["eventType"] as? String == "PAYMENT_STATUS_CHANGED" })
            #expect((changed["data"] as? [String: Any])?["status"] as? String == "DONE")
            #expect(try await fixture.client.payment(orderId: issued.orderId).status == .done)
            #expect(receiver.headers.allSatisfy { $0["tosspayments-webhook-transmission-id"]?.hasPrefix("whtrans_") == true })
        }
    }

    @Test("a webhook answered with anything but 200 is retried with a growing retried-count")
    func webhookRetried() async throws {
        try await withWebhookSandbox(answer: 500, configure: { $0.webhookRetryUnit = .milliseconds(10) }) { fixture, receiver in
            _ = try await confirmed(fixture)
            try await receiver.waitFor(count: 3)
            #expect(receiver.headers.prefix(3).map { $0["tosspayments-webhook-transmission-retried-count"] } == ["0", "1", "2"])
        }
    }

    @Test("a deposit into an account past its due date is refused, and the account shows expired")
    func depositAfterDueDate() async throws {
        try await withSandbox { fixture in
            let issued = try await confirmed(fixture, method: "VIRTUAL_ACCOUNT", extras: #","virtualAccount":{"validHours":1}"#)
            fixture.sandbox.advanceClock(by: 3_601)
            guard case .failure(let error) = await fixture.sandbox.deposit(orderId: issued.orderId) else {
                Issue.record("deposit after the due date succeeded")
                return
            }
            #expect(error.code == "INVALID_REQUEST")
            let record = try await fixture.client.payment(orderId: issued.orderId)
            #expect(record.status == .waitingForDeposit && record.virtualAccount?.expired == true)
        }
    }
}

/// A merchant endpoint that records every webhook delivery and answers with a fixed status.
final class WebhookReceiver: Sendable {
    private final class Log: Sendable {
        let entries = Mutex<[(headers: [String: String], body: [UInt8])]>([])
    }

    private let log = Log()
    private let server: HTTPServer

    init(answer: Int) {
        let store = log
        server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1), handler: { request in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.lowercased()] = field.value }
            store.entries.withLock { $0.append((headers, request.body)) }
            return .text("", status: HTTPStatus(code: answer, reason: answer == 200 ? "OK" : "Error"))
        }, accessLog: nil)
    }

    func start() throws -> Int { try server.start() }
    func stop() async { await server.shutdown() }

    var bodies: [[String: Any]] {
        log.entries.withLock { $0.map(\.body) }.compactMap { (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] }
    }
    var headers: [[String: String]] { log.entries.withLock { $0.map(\.headers) } }

    func waitFor(count: Int) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while log.entries.withLock({ $0.count }) < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(log.entries.withLock { $0.count }) of \(count) webhooks arrived")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
