import Foundation
import HTTP

/// The browser side: the SDK shim, the payment window and its choices, the dashboard with deposits,
/// and the fault switches.
extension TossSandbox {
    func installWindow(on router: inout Router) {
        router.get("/v2/standard") { _ in
            var response = Response(status: .ok, contentType: "application/javascript; charset=utf-8", body: SandboxSDKScript.source)
            response.headers.set("Cache-Control", "no-cache")
            return response
        }
        router.get("/healthz") { _ in .text("ok\n") }
        router.get("/sandbox/window") { [self] request in await openWindow(request) }
        router.post("/sandbox/window/:paymentKey") { [self] request in try await choose(request) }
        router.get("/sandbox") { [self] _ in .html(SandboxPages.dashboard(ledger.all(), deliveries: webhooks.deliveries)) }
        router.post("/sandbox/deposit/:orderId") { [self] request in
            dashboardAnswer(request, await deposit(orderId: request.parameters["orderId"] ?? ""))
        }
        router.post("/sandbox/reverse-deposit/:orderId") { [self] request in
            dashboardAnswer(request, await reverseDeposit(orderId: request.parameters["orderId"] ?? ""))
        }
        router.get("/sandbox/faults") { [self] _ in Self.json(faults.json, status: 200) }
        router.post("/sandbox/faults") { [self] request in
            do throws(TossAPIError) {
                let updated = try SandboxFaults(json: Data(request.body), base: faults)
                setFaults(updated)
                return Self.json(updated.json, status: 200)
            } catch {
                return Self.response(error)
            }
        }
    }

    /// A dashboard form goes back to the dashboard; an API caller gets the payment as JSON.
    func dashboardAnswer(_ request: Request, _ change: Result<String, TossAPIError>) -> Response {
        switch change {
        case .success:
            if request.headers["Content-Type"]?.hasPrefix("application/x-www-form-urlencoded") == true {
                return .redirect(to: "/sandbox")
            }
            guard let payment = ledger.payment(orderId: request.parameters["orderId"] ?? "") else { return Self.response(.notFoundPayment) }
            return Self.json(payment.json(), status: 200)
        case .failure(let error):
            return Self.response(error)
        }
    }

    /// `GET /sandbox/window?clientKey&customerKey&request=<JSON>&windowTarget=iframe|self`: checks what the
    /// SDK checked (the browser is never trusted), opens a READY payment and shows the window.
    func openWindow(_ request: Request) async -> Response {
        let query = request.query
        guard query["clientKey"] == configuration.clientKey else {
            return .html(SandboxPages.problem(code: "INVALID_CLIENT_KEY", message: "등록되지 않은 클라이언트 키입니다."), status: .badRequest)
        }
        // The SDK shim says where it opened the window; in an iframe the choices must move the top page.
        let inFrame: Bool
        switch query["windowTarget"] {
        case nil, "self": inFrame = false
        case "iframe": inFrame = true
        default:
            return .html(SandboxPages.problem(code: "INVALID_PARAMETERS", message: "windowTarget 은 iframe 또는 self 여야 합니다."), status: .badRequest)
        }
        switch Self.windowRequest(query["request"] ?? "") {
        case .success(let parsed):
            return .html(SandboxPages.window(await ledger.open(parsed), inFrame: inFrame))
        case .failure(let error):
            return .html(SandboxPages.problem(code: error.code, message: error.message), status: .badRequest)
        }
    }

    static func windowRequest(_ json: String) -> Result<WindowRequest, TossAPIError> {
        func bad(_ code: String, _ message: String) -> Result<WindowRequest, TossAPIError> { .failure(TossAPIError(400, code, message)) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            return bad("INVALID_PARAMETERS", "결제 요청 값을 읽을 수 없습니다.")
        }
        guard let method = SandboxMethod(request: object) else { return bad("NOT_SUPPORTED_METHOD", "지원하지 않는 결제수단입니다.") }
        let amount = object["amount"] as? [String: Any]
        guard amount?["currency"] as? String == "KRW" else { return bad("INVALID_AMOUNT_CURRENCY", "amount.currency 는 KRW 여야 합니다.") }
        guard let value = integer(amount?["value"]), value > 0 else { return bad("BELOW_ZERO_AMOUNT", "결제 금액은 0보다 커야 합니다.") }
        guard let orderId = object["orderId"] as? String, orderId.count >= 6, orderId.count <= 64,
              orderId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return bad("INVALID_ORDER_ID", "orderId 는 영문, 숫자, -, _ 로 6~64자여야 합니다.")
        }
        guard let orderName = object["orderName"] as? String, (1...100).contains(orderName.count) else {
            return bad("INVALID_ORDER_NAME", "orderName 은 1~100자여야 합니다.")
        }
        guard let success = object["successUrl"] as? String, absolute(success) else {
            return bad("INCORRECT_SUCCESS_URL_FORMAT", "successUrl 은 절대 URL 이어야 합니다.")
        }
        guard let fail = object["failUrl"] as? String, absolute(fail) else {
            return bad("INCORRECT_FAIL_URL_FORMAT", "failUrl 은 절대 URL 이어야 합니다.")
        }
        let minimum = method == .transfer || method == .virtualAccount ? 200 : 100
        guard value >= minimum else { return bad("BELOW_MINIMUM_AMOUNT", "최소 결제 금액은 \(minimum)원입니다.") }
        let validHours = integer((object["virtualAccount"] as? [String: Any])?["validHours"]) ?? 168
        guard (1...2160).contains(validHours) else { return bad("EXCEED_MAX_VALID_HOURS", "validHours 는 1~2160 이어야 합니다.") }
        return .success(WindowRequest(method: method, orderId: orderId, orderName: orderName, amount: value,
                                      customerName: object["customerName"] as? String, successURL: success, failURL: fail,
                                      validHours: validHours))
    }

    static func absolute(_ url: String) -> Bool {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, parsed.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// The person's choice in the window: approve → successUrl with Toss's parameters; cancel or a
    /// failure → failUrl with code, message, orderId (TOSS_API.md §3).
    func choose(_ request: Request) async throws -> Response {
        let form = try request.form()
        let key = request.parameters["paymentKey"] ?? ""
        guard let payment = ledger.payment(key: key) else {
            return .html(SandboxPages.problem(code: "NOT_FOUND_PAYMENT", message: "존재하지 않는 결제입니다."), status: .notFound)
        }
        let failure: (code: String, message: String)
        switch form["action"] {
        case "approve", "approve-card":
            switch await ledger.authenticate(key: key, funding: form["action"] == "approve-card" ? .card : .account,
                                             usePoints: form["points"] != "none") {
            case .success(let authenticated):
                return .redirect(to: Self.appending(to: authenticated.successURL, [
                    ("paymentType", "NORMAL"), ("orderId", authenticated.orderId), ("paymentKey", authenticated.paymentKey),
                    ("amount", String(authenticated.totalAmount)),
                ]))
            case .failure:
                failure = ("PAY_PROCESS_ABORTED", "결제 시간이 만료되었거나 이미 처리된 결제입니다.")
            }
        case "cancel":
            failure = ("PAY_PROCESS_CANCELED", "사용자에 의해 결제가 취소되었습니다.")
        case "reject":
            failure = ("REJECT_CARD_COMPANY", "카드사에서 결제를 거절했습니다. 다른 카드로 시도해 주세요.")
            await ledger.abort(key: key, code: failure.code, message: failure.message)
        case "insufficient":
            failure = payment.method == .transfer
                ? ("REJECT_ACCOUNT_PAYMENT", "잔액이 부족합니다.")
                : ("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족으로 결제에 실패했습니다.")
            await ledger.abort(key: key, code: failure.code, message: failure.message)
        default:
            return .html(SandboxPages.problem(code: "INVALID_PARAMETERS", message: "알 수 없는 선택입니다."), status: .badRequest)
        }
        return .redirect(to: Self.appending(to: payment.failURL, [
            ("code", failure.code), ("message", failure.message), ("orderId", payment.orderId),
        ]))
    }

    /// Adds query parameters, keeping any the merchant already put in the URL.
    static func appending(to url: String, _ parameters: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
        let query = parameters.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + query
    }
}
