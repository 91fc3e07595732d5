import Foundation
import HTTP
import JSON

/// The core API routes (TOSS_API.md §4) with Basic-auth checks, the test-code header, idempotency and faults.
extension TossSandbox {
    func installAPI(on router: inout Router) {
        router.post("/v1/payments/confirm") { [self] request in
            await api(request, operation: "confirm", idempotent: true) { body throws(TossAPIError) in try await confirm(body) }
        }
        router.get("/v1/payments/orders/:orderId") { [self] request in
            await api(request, operation: "lookup") { _ throws(TossAPIError) in
                guard let payment = ledger.payment(orderId: request.parameters["orderId"] ?? "") else { throw .notFoundPayment }
                return payment
            }
        }
        router.get("/v1/payments/:paymentKey") { [self] request in
            await api(request, operation: "lookup") { _ throws(TossAPIError) in
                guard let payment = ledger.payment(key: request.parameters["paymentKey"] ?? "") else { throw .notFoundPayment }
                return payment
            }
        }
        router.post("/v1/payments/:paymentKey/cancel") { [self] request in
            await api(request, operation: "cancel", idempotent: true) { body throws(TossAPIError) in
                try await cancel(key: request.parameters["paymentKey"] ?? "", body)
            }
        }
    }

    /// Runs one API call: auth, test code, idempotency (POST only), then the operation; every error
    /// leaves in Toss's shape.
    func api(_ request: Request, operation: String, idempotent: Bool = false,
             _ perform: ([String: Any]) async throws(TossAPIError) -> SandboxPayment) async -> Response {
        count(operation)
        if let error = authorize(request) { return Self.response(error) }
        var identity: String?
        if idempotent, let key = request.headers["Idempotency-Key"] {
            guard key.count <= 300 else { return Self.response(.invalidIdempotencyKey) }
            let id = [key, request.headers["Authorization"] ?? "", request.method.rawValue, request.path].joined(separator: "\u{1F}")
            switch idempotency.begin(id, now: ledger.now) {
            case .busy: return Self.response(.idempotencyProcessing)
            case .replay(let response): return response
            case .started: identity = id
            }
        }
        let response = await execute(request, perform)
        if let identity {
            // A 5xx changed nothing and Toss says to retry it with the same key, so it is not replayed.
            if response.status.code >= 500 { idempotency.forget(identity) } else { idempotency.finish(identity, response: response, now: ledger.now) }
        }
        return response
    }

    private func execute(_ request: Request, _ perform: ([String: Any]) async throws(TossAPIError) -> SandboxPayment) async -> Response {
        if let code = request.headers["TossPayments-Test-Code"] {
            return Self.response(TossAPIError.forced(code: code) ?? TossAPIError(400, "INVALID_TEST_CODE", "유효하지 않은 테스트 코드입니다: \(code)"))
        }
        let body: [String: Any]
        if request.method == .POST {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
                return Self.response(.invalidRequest("요청 본문이 JSON 객체가 아닙니다."))
            }
            body = object
        } else {
            body = [:]
        }
        do {
            let payment = try await perform(body)
            // The header overrides the key's version for this request (Toss's API version policy).
            return Self.json(payment.json(version: request.headers["TossPayments-API-Version"] ?? configuration.apiVersion), status: 200)
        } catch {
            return Self.response(error)
        }
    }

    /// `Authorization: Basic base64("<secretKey>:")`; a missing colon is 403, an unknown key 401 (§1).
    func authorize(_ request: Request) -> TossAPIError? {
        guard let header = request.headers["Authorization"] else { return .unauthorizedKey }
        guard header.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6))),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else {
            return .badAuthFormat
        }
        return String(text[..<colon]) == configuration.secretKey ? nil : .unauthorizedKey
    }

    func confirm(_ body: [String: Any]) async throws(TossAPIError) -> SandboxPayment {
        guard let key = body["paymentKey"] as? String, let orderId = body["orderId"] as? String,
              let amount = Self.integer(body["amount"]) else {
            throw .invalidRequest("paymentKey, orderId, amount 는 필수입니다.")
        }
        let (faults, failNow) = takeFaults(\.failNextConfirms)
        if faults.confirmDelayMilliseconds > 0 { await waitOutConfirmDelay() }
        if failNow { throw faults.confirmError }
        let (payment, events) = try await ledger.confirm(key: key, orderId: orderId, amount: amount).get()
        webhooks.send(events, now: ledger.now)
        if takeFaults(\.dropNextConfirms).fired {
            // Held in short steps so that shutting the sandbox down does not wait for the whole hold.
            let until = ContinuousClock.now.advanced(by: .milliseconds(faults.dropHoldMilliseconds))
            while ContinuousClock.now < until, !stopping.load(ordering: .relaxed) {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        return payment
    }

    func cancel(key: String, _ body: [String: Any]) async throws(TossAPIError) -> SandboxPayment {
        guard let reason = body["cancelReason"] as? String, !reason.isEmpty, reason.count <= 200 else {
            throw .invalidRequest("cancelReason 는 1~200자로 보내야 합니다.")
        }
        var amount: Int?
        if let value = body["cancelAmount"] {
            guard let number = Self.integer(value) else { throw .invalidRequest("cancelAmount 는 정수여야 합니다.") }
            amount = number
        }
        let refundAccount = try SandboxPayment.RefundAccount(request: body["refundReceiveAccount"])
        let (cancelFaults, failCancel) = takeFaults(\.failNextCancels)
        if failCancel { throw cancelFaults.cancelError }
        let (payment, events) = try await ledger.cancel(key: key, reason: reason, amount: amount, refundAccount: refundAccount).get()
        webhooks.send(events, now: ledger.now)
        return payment
    }

    /// Reads the faults and counts one down if it is armed.
    /// Waits until `confirmDelayMilliseconds` has passed since this confirm arrived, re-reading the setting in short
    /// steps: a delay shortened (or cleared) meanwhile ends the wait at once, so a test can hold a confirm as long as it
    /// needs and let it go, and shutting the sandbox down does not wait the delay out.
    private func waitOutConfirmDelay() async {
        let arrived = ContinuousClock.now
        while !stopping.load(ordering: .relaxed) {
            let delay = faultState.withLock { $0.confirmDelayMilliseconds }
            guard ContinuousClock.now < arrived.advanced(by: .milliseconds(delay)) else { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func takeFaults(_ counter: WritableKeyPath<SandboxFaults, Int>) -> (SandboxFaults, fired: Bool) {
        faultState.withLock { faults in
            let snapshot = faults
            guard faults[keyPath: counter] > 0 else { return (snapshot, false) }
            faults[keyPath: counter] -= 1
            return (snapshot, true)
        }
    }

    /// Toss accepts the amount as a JSON number or a decimal string (its own samples send a string).
    static func integer(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let number as NSNumber where number.doubleValue == number.doubleValue.rounded(): number.intValue
        case let text as String: Int(text)
        default: nil
        }
    }

    static func response(_ error: TossAPIError) -> Response {
        json(["code": error.code, "message": error.message], status: error.status)
    }

    static func json(_ object: Any, status: Int) -> Response {
        let bytes = (try? JSONWriter.bytes(object)) ?? Array("{}".utf8)
        return Response.json(bytes, status: HTTPStatus(code: status, reason: reasons[status] ?? "Error"))
    }

    static let reasons = [200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                          409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error"]
}

