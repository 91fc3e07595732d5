import PluginKit
import Testing

/// The behaviours every payment provider promises the shop (Plugins/README.md), run for Toss through its sandbox,
/// for 무통장입금, and for ExamplePay, a redirect-style provider defined only in these tests.
@Suite("Payment provider conformance", .timeLimit(.minutes(1)))
struct PaymentProviderConformanceTests {
    static let kinds = ProviderHarness.Kind.allCases
    static let amount = 15_000

    /// Authorizes and confirms a payment, then brings it to DONE.
    func paid(_ harness: ProviderHarness) async throws -> PaymentRecord {
        let (key, orderId) = try await harness.authorize(Self.amount)
        let confirmed = try await harness.method.confirm(paymentKey: key, orderId: orderId, amount: Self.amount, idempotencyKey: "confirm-\(orderId)")
        return try await harness.pay(confirmed)
    }

    @Test("every method's id starts with its provider's name and a dot", arguments: kinds)
    func methodIds(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            #expect(!harness.provider.methods.isEmpty)
            for method in harness.provider.methods {
                #expect(method.id.hasPrefix(harness.provider.name + "."))
                #expect(method.providerName == harness.provider.name)
            }
        }
    }

    @Test("a confirm repeated under its key answers the first outcome and charges once", arguments: kinds)
    func idempotentConfirm(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            let (key, orderId) = try await harness.authorize(Self.amount)
            let first = try await harness.method.confirm(paymentKey: key, orderId: orderId, amount: Self.amount, idempotencyKey: "confirm-\(orderId)")
            let again = try await harness.method.confirm(paymentKey: key, orderId: orderId, amount: Self.amount, idempotencyKey: "confirm-\(orderId)")
            #expect(first.status.isApproved)
            #expect(again.paymentKey == first.paymentKey && again.status == first.status)
            #expect(again.totalAmount == Self.amount && again.balanceAmount == first.balanceAmount)
        }
    }

    @Test("a confirm for another amount than the payment's is refused and approves nothing", arguments: kinds)
    func confirmWrongAmount(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            let (key, orderId) = try await harness.authorize(Self.amount)
            // 무통장입금 learns the amount from its first confirm (it has no window): the payment exists from then on.
            if kind == .bankTransfer {
                _ = try await harness.method.confirm(paymentKey: key, orderId: orderId, amount: Self.amount, idempotencyKey: "confirm-\(orderId)")
            }
            let refusal = await #expect(throws: PaymentError.self) {
                _ = try await harness.method.confirm(paymentKey: key, orderId: orderId, amount: Self.amount + 1, idempotencyKey: "wrong-\(orderId)")
            }
            #expect(refusal?.kind == .rejected)
            let after = try await harness.method.status(paymentKey: key)
            #expect(after?.totalAmount != Self.amount + 1)
            if kind != .bankTransfer { #expect(after?.status.isApproved != true) }
        }
    }

    @Test("lookups by key and by order answer the approved payment; an unknown key answers nil", arguments: kinds)
    func lookups(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            let record = try await paid(harness)
            #expect(try await harness.method.status(paymentKey: record.paymentKey)?.status == .done)
            let byOrder = try await harness.method.status(orderId: record.orderId)
            #expect(byOrder?.paymentKey == record.paymentKey && byOrder?.status == .done)
            #expect(try await harness.method.status(paymentKey: "unknown_key_\(record.orderId)") == nil)
        }
    }

    @Test("a refund repeated under its key refunds once", arguments: kinds)
    func idempotentCancel(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            let record = try await paid(harness)
            let key = "cancel-\(record.orderId)-\(record.balanceAmount)-1000"
            let first = try await harness.method.cancel(paymentKey: record.paymentKey, reason: "테스트", amount: 1_000,
                                                        destination: harness.refundTo, idempotencyKey: key)
            let again = try await harness.method.cancel(paymentKey: record.paymentKey, reason: "테스트", amount: 1_000,
                                                        destination: harness.refundTo, idempotencyKey: key)
            #expect(first.balanceAmount == Self.amount - 1_000 && again.balanceAmount == first.balanceAmount)
            #expect(try await harness.method.status(paymentKey: record.paymentKey)?.balanceAmount == Self.amount - 1_000)
        }
    }

    @Test("partial refunds lower the balance by their amounts and the last one cancels the payment", arguments: kinds)
    func partialCancelArithmetic(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            let record = try await paid(harness)
            let part = try await harness.method.cancel(paymentKey: record.paymentKey, reason: "부분", amount: 4_000,
                                                       destination: harness.refundTo, idempotencyKey: "cancel-\(record.orderId)-a")
            #expect(part.status == .partialCanceled && part.balanceAmount == 11_000 && part.refundedAmount == 4_000)
            await #expect(throws: PaymentError.self) {
                _ = try await harness.method.cancel(paymentKey: record.paymentKey, reason: "초과", amount: 11_001,
                                                    destination: harness.refundTo, idempotencyKey: "cancel-\(record.orderId)-over")
            }
            let rest = try await harness.method.cancel(paymentKey: record.paymentKey, reason: "나머지", amount: nil,
                                                       destination: harness.refundTo, idempotencyKey: "cancel-\(record.orderId)-b")
            // A zero balance is the whole refund, whichever of the two cancel statuses a provider then reports.
            #expect(rest.balanceAmount == 0 && rest.refundedAmount == Self.amount)
            #expect(rest.status == .canceled || rest.status == .partialCanceled)
            let after = await #expect(throws: PaymentError.self) {
                _ = try await harness.method.cancel(paymentKey: record.paymentKey, reason: "또", amount: nil,
                                                    destination: harness.refundTo, idempotencyKey: "cancel-\(record.orderId)-c")
            }
            #expect(after?.kind == .alreadyCanceled || after?.kind == .rejected)
        }
    }

    @Test("a genuine webhook names the payment's order; replayed, it decodes the same", arguments: kinds)
    func webhookReplay(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            let record = try await paid(harness)
            guard let delivery = harness.genuineWebhook(record) else { return }
            let first = harness.provider.decodeWebhook(delivery)
            guard case .event(let event) = first else {
                Issue.record("a genuine delivery decoded as \(first)")
                return
            }
            #expect(event.orderId == record.orderId)
            #expect(harness.provider.decodeWebhook(delivery) == first)
        }
    }

    @Test("a forged webhook is never believed: refused, ignored, or an unproven hint the shop must verify", arguments: kinds)
    func webhookForgery(_ kind: ProviderHarness.Kind) async throws {
        try await ProviderHarness.with(kind) { harness in
            let record = try await paid(harness)
            guard let forged = harness.forgedWebhook(record) else { return }
            switch harness.provider.decodeWebhook(forged) {
            case .forged, .ignored: break
            case .event(let event): #expect(event.proof != .signed, "a forgery passed as signed")
            }
        }
    }

    @Test("a body that is not JSON, or JSON of another shape, never decodes as a signed event",
          arguments: kinds, ["", "{", "null", "[]", #"{"orderId":5}"#, String(repeating: "[", count: 100_000), "\u{0}"])
    func junkWebhook(_ kind: ProviderHarness.Kind, _ body: String) async throws {
        try await ProviderHarness.with(kind) { harness in
            if case .event(let event) = harness.provider.decodeWebhook(PluginKit.WebhookDelivery(body: Array(body.utf8))) {
                #expect(event.proof != .signed, "junk passed as signed")
            }
        }
    }
}
