import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PluginKit
@testable import Storefront

/// A redirect-style provider defined only in the tests: the browser goes to the gateway's hosted page and comes back
/// with the gateway's own parameter names; the gateway signs its webhooks with HMAC-SHA256 over the body. It is
/// what a plugin author writes for a provider that is not Toss, and the conformance suite runs it like the others.
struct ExamplePay: PaymentProvider {
    let name = "examplepay"
    let displayName = "예시페이"
    let methods: [any PaymentMethod]
    let webhookSecret: [UInt8]

    init(gateway: String, webhookSecret: String) {
        methods = [ExampleWallet(gateway: gateway)]
        self.webhookSecret = Array(webhookSecret.utf8)
    }

    /// The gateway returns `ref`, `order` and `total`, or `order` and `reason`.
    func returnParameters(_ query: [String: String], succeeded: Bool) -> PaymentReturn {
        succeeded ? .succeeded(orderId: query["order"] ?? "", paymentKey: query["ref"] ?? "", amount: query["total"] ?? "")
                  : .failed(orderId: query["order"] ?? "", code: "EXAMPLE_" + (query["reason"] ?? "ABORTED").uppercased(), message: "")
    }

    func decodeWebhook(_ delivery: WebhookDelivery) -> WebhookDecoding {
        guard let signature = delivery.headers["x-example-signature"] else { return .forged(reason: "unsigned") }
        guard SecureToken.constantTimeEquals(signature, Self.sign(delivery.body, secret: webhookSecret)) else {
            return .forged(reason: "bad_signature")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(delivery.body))) as? [String: Any],
              let orderId = object["orderId"] as? String else { return .ignored(reason: "unparsable") }
        let kind: PaymentWebhookEvent.Kind = switch object["type"] as? String {
        case "payment.paid": .paymentDone
        case "payment.refunded": .canceled
        default: .changed
        }
        return .event(PaymentWebhookEvent(orderId: orderId, paymentKey: object["paymentKey"] as? String, kind: kind, proof: .signed))
    }

    /// Hex HMAC-SHA256 of `body` under `secret` (RFC 2104).
    static func sign(_ body: [UInt8], secret: [UInt8]) -> String {
        var key = secret.count > 64 ? SHA256.hash(secret) : secret
        key += [UInt8](repeating: 0, count: 64 - key.count)
        let inner = SHA256.hash(key.map { $0 ^ 0x36 } + body)
        return SHA256.hash(key.map { $0 ^ 0x5C } + inner).map { String(format: "%02x", $0) }.joined()
    }
}

/// ExamplePay's one method: a redirect to the hosted page, and the gateway's API for the rest.
struct ExampleWallet: PaymentMethod {
    let id = "examplepay.wallet"
    let displayName = "예시페이 지갑"
    let gateway: String

    func browserStep(for order: PaymentOrder) -> BrowserStep {
        var components = URLComponents(string: gateway + "/checkout")
        components?.queryItems = [.init(name: "order", value: order.orderId), .init(name: "total", value: String(order.amount)),
                                  .init(name: "return", value: order.successURL)]
        return .redirect(url: components?.string ?? gateway)
    }

    func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await send("POST", "/v1/confirm", ["paymentKey": paymentKey, "orderId": orderId, "amount": amount], key: idempotencyKey)
    }

    func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination?,
                idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        var body: [String: any Sendable] = ["paymentKey": paymentKey]
        if let amount { body["amount"] = amount }
        return try await send("POST", "/v1/refund", body, key: idempotencyKey)
    }

    func status(orderId: String) async throws(PaymentError) -> PaymentRecord? {
        do { return try await send("GET", "/v1/orders/\(orderId)") } catch where error.kind == .notFound { return nil }
    }

    func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord? {
        do { return try await send("GET", "/v1/payments/\(paymentKey)") } catch where error.kind == .notFound { return nil }
    }

    func send(_ method: String, _ path: String, _ body: [String: any Sendable]? = nil, key: String? = nil) async throws(PaymentError) -> PaymentRecord {
        guard let url = URL(string: gateway + path) else { throw PaymentError(.misconfigured, code: "BAD_URL", message: path) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(key, forHTTPHeaderField: "Idempotency-Key")
        if let body { request.httpBody = try? JSONSerialization.data(withJSONObject: body) }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw PaymentError(.unknownOutcome, code: "NETWORK", message: "network error")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200, let payment = try? JSONDecoder().decode(ExamplePayGateway.Payment.self, from: data) else {
            let code = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["error"] as? String ?? "HTTP_\(status)"
            let kind: PaymentError.Kind = switch code {
            case "not_found": .notFound
            case "already_paid": .alreadyProcessed
            case "already_refunded": .alreadyCanceled
            default: status >= 500 ? .unknownOutcome : .rejected
            }
            throw PaymentError(kind, code: code, message: code)
        }
        let statuses: [String: PaymentRecord.Status] = ["authorized": .inProgress, "paid": .done, "partially_refunded": .partialCanceled,
                                                        "refunded": .canceled]
        return PaymentRecord(paymentKey: payment.paymentKey, orderId: payment.orderId, status: statuses[payment.status] ?? .unknown(payment.status),
                             method: "예시페이", totalAmount: payment.amount, balanceAmount: payment.balance,
                             refundedAmount: payment.amount - payment.balance,
                             receiptLines: [.init("결제", "예시페이 지갑")], rawJSON: String(decoding: data, as: UTF8.self))
    }
}
