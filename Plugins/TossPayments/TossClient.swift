import Foundation
import JSON
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PluginKit

/// Speaks Toss Payments' core API (TOSS_API.md §4) over URLSession: confirm, look up by payment key or
/// order id, cancel. Basic auth from the secret key; an Idempotency-Key on every POST; Toss's error body
/// becomes a `PaymentError` whose kind tells the caller what to do.
public struct TossClient: Sendable {
    let configuration: TossConfiguration
    let session: URLSession

    public init(configuration: TossConfiguration) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        let seconds = Double(configuration.timeout.components.seconds) + Double(configuration.timeout.components.attoseconds) / 1e18
        sessionConfiguration.timeoutIntervalForRequest = seconds
        sessionConfiguration.timeoutIntervalForResource = seconds
        // An API client keeps no cookies and caches nothing: each answer is about one call, and looking either up
        // was a tenth of every call's cost on Linux's URLSession.
        sessionConfiguration.urlCache = nil
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: sessionConfiguration)
    }

    /// `Authorization: Basic base64("<secretKey>:")` — the colon is mandatory (§1).
    var authorization: String { "Basic " + Data((configuration.secretKey + ":").utf8).base64EncodedString() }

    public func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await send("POST", "v1/payments/confirm",
                       body: ["paymentKey": paymentKey, "orderId": orderId, "amount": amount], idempotencyKey: idempotencyKey)
    }

    public func payment(paymentKey: String) async throws(PaymentError) -> PaymentRecord {
        try await send("GET", "v1/payments/\(Self.pathSegment(paymentKey))")
    }

    public func payment(orderId: String) async throws(PaymentError) -> PaymentRecord {
        try await send("GET", "v1/payments/orders/\(Self.pathSegment(orderId))")
    }

    /// Cancels with `refundReceiveAccount` when `destination` is given (§4.3: a virtual account after its deposit).
    /// Toss's answer echoes the account in `virtualAccount.refundReceiveAccount`, which the decoder masks in the
    /// record's `rawJSON`; an error's message is masked here, so the shop never stores or logs the number in full.
    public func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination? = nil,
                       idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        var body: [String: any Sendable] = ["cancelReason": String(reason.prefix(200))]
        if let amount { body["cancelAmount"] = amount }
        if case .bankAccount(let bank, let number, let holder)? = destination {
            // Toss names the field `bank` here, where the Payment object says `bankCode` (§4.3).
            body["refundReceiveAccount"] = ["bank": bank, "accountNumber": number, "holderName": holder] as [String: any Sendable]
        }
        let path = "v1/payments/\(Self.pathSegment(paymentKey))/cancel"
        guard let number = destination?.accountNumber, !number.isEmpty else {
            return try await send("POST", path, body: body, idempotencyKey: idempotencyKey)
        }
        do {
            return try await send("POST", path, body: body, idempotencyKey: idempotencyKey)
        } catch {
            throw PaymentError(error.kind, code: error.code,
                               message: error.message.replacingOccurrences(of: number, with: RefundDestination.masked(number)))
        }
    }

    static func pathSegment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? value
    }

    func send(_ method: String, _ path: String, body: [String: any Sendable]? = nil,
              idempotencyKey: String? = nil) async throws(PaymentError) -> PaymentRecord {
        var request = URLRequest(url: configuration.apiBase.appendingPathComponent(path))
        request.httpMethod = method
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue(configuration.apiVersion, forHTTPHeaderField: "TossPayments-API-Version")
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONWriter.data(body)
        }
        let data: Data
        let response: URLResponse
        do {
            // Run in a task of its own so that cancelling the caller never cancels the URLSession task:
            // swift-corelibs-foundation can deadlock when a cancellation races the request's completion.
            let session = self.session
            (data, response) = try await Task { try await session.data(for: request) }.value
        } catch {
            // The request may or may not have reached Toss: only a lookup can tell.
            let timedOut = (error as? URLError)?.code == .timedOut
            throw PaymentError(.unknownOutcome, code: timedOut ? "TIMEOUT" : "NETWORK", message: timedOut ? "timed out" : "network error")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw TossErrorBody.error(status: status, data: data) }
        guard let record = TossPaymentDecoder.record(from: data) else {
            throw PaymentError(.unknownOutcome, code: "INVALID_RESPONSE", message: "unreadable payment object (HTTP \(status))")
        }
        return record
    }
}

/// Toss's error body `{"code": …, "message": …}` and what each code means for the order flow (§5).
enum TossErrorBody {
    static func error(status: Int, data: Data) -> PaymentError {
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let code = object?["code"] as? String ?? "HTTP_\(status)"
        let message = object?["message"] as? String ?? "HTTP \(status)"
        return PaymentError(kind(code: code, status: status), code: code, message: message)
    }

    static let retryable: Set<String> = [
        "PROVIDER_ERROR", "CARD_PROCESSING_ERROR", "IDEMPOTENT_REQUEST_PROCESSING", "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
        "FAILED_INTERNAL_SYSTEM_PROCESSING", "UNKNOWN_PAYMENT_ERROR", "COMMON_ERROR", "UNKNOWN_ERROR", "FORBIDDEN_CONSECUTIVE_REQUEST",
    ]
    static let misconfigured: Set<String> = ["UNAUTHORIZED_KEY", "INCORRECT_BASIC_AUTH_FORMAT", "INVALID_API_KEY"]

    static func kind(code: String, status: Int) -> PaymentError.Kind {
        switch code {
        // DUPLICATED_ORDER_ID: another payment of this order (its window opened twice) is approved already;
        // the order is paid, and the lookup tells by which payment.
        case "ALREADY_PROCESSED_PAYMENT", "ALREADY_COMPLETED_PAYMENT", "DUPLICATED_ORDER_ID": return .alreadyProcessed
        // ALREADY_REFUNDING_PAYMENT: a refund is under way; the lookup tells how far it got.
        case "ALREADY_CANCELED_PAYMENT", "ALREADY_REFUND_PAYMENT", "ALREADY_REFUNDING_PAYMENT": return .alreadyCanceled
        case "NOT_FOUND_PAYMENT", "NOT_FOUND": return .notFound
        default:
            if misconfigured.contains(code) { return .misconfigured }
            if retryable.contains(code) || status >= 500 || status == 409 || status == 429 { return .unknownOutcome }
            return .rejected
        }
    }
}
