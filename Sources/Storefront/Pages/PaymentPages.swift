import HTTP
import Mustache
import PluginKit

/// The payment page, Toss's success and fail redirects and Toss's webhook (order cancellation is `OrderPages`').
struct PaymentPages: Sendable {
    let flow: PaymentFlow
    let renderer: PageRenderer
    let cookies: SessionMiddleware

    /// Toss's success and fail redirects, for the signed-in shopper who paid.
    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/payments/toss/success") { request, shopper in await self.success(request, session: shopper.session) }
        group.get("/payments/toss/fail") { request, shopper in await self.failure(request, session: shopper.session) }
    }

    /// Toss's webhook: its servers post without our cookies, so its group is exempt from CSRF (the event is
    /// verified by asking Toss, see `PaymentFlow.handleWebhook`).
    func registerWebhook(_ router: inout Router) {
        router.group("/payments/toss", tags: [SessionMiddleware.csrfExempt], context: { _ in () }) { group in
            group.post("/webhook") { request, _ in
                switch await flow.handleWebhook(body: request.body) {
                case .handled: return .text("ok")
                case .retryLater: return .text("retry", status: .internalServerError)
                }
            }
        }
    }

    /// The page that opens the provider's window for a just-placed order.
    func paymentPage(_ order: Order, _ request: Request) async -> Response {
        guard let browser = flow.browserRequest(for: order) else {
            return await renderer.error(.serviceUnavailable, message: "선택한 결제 수단을 지금은 사용할 수 없습니다.", for: request)
        }
        let json: String
        do {
            json = try ScriptSafeJSON.encode([
                "clientKey": browser.clientKey, "customerKey": browser.customerKey, "request": browser.request,
            ])
        } catch {
            return await renderer.error(.internalServerError, message: "", for: request)
        }
        return await renderer.page("pages/payment", title: "결제 진행", [
            "order": OrderPages.order(order, methodName: flow.displayName(for: order.paymentMethod)),
            "sdkURL": .string(browser.sdkURL),
            "paymentRequestJSON": .string(json),
        ], for: request)
    }

    func success(_ request: Request, session: Session) async -> Response {
        let query = request.query
        let outcome = await flow.confirm(userId: session.userId, orderId: query["orderId"] ?? "",
                                         paymentKey: query["paymentKey"] ?? "", amount: query["amount"] ?? "")
        return await show(outcome, request: request)
    }

    func failure(_ request: Request, session: Session) async -> Response {
        let query = request.query
        let outcome = await flow.fail(userId: session.userId, orderId: query["orderId"] ?? "",
                                      code: query["code"] ?? "PAY_PROCESS_ABORTED", message: query["message"] ?? "")
        return await show(outcome, request: request)
    }

    func show(_ outcome: PaymentFlow.Outcome, request: Request) async -> Response {
        switch outcome {
        case .settled(let order, let payment):
            if order.status == .canceled { return .redirect(to: "/orders/\(order.orderId)") }
            var values: [String: MustacheValue] = [
                "order": OrderPages.order(order, methodName: flow.displayName(for: order.paymentMethod)),
                "awaitingDeposit": .bool(order.status == .waitingForDeposit),
            ]
            if let payment { values["payment"] = OrderPages.payment(payment) }
            return await renderer.page("pages/receipt", title: order.status == .waitingForDeposit ? "주문 접수" : OrderStatus.paid.label,
                                       values, for: request)
        case .confirming(let order):
            return cookies.flashRedirect("/orders/\(order.orderId)", .paymentConfirming)
        case .failed(let order, let code, let message):
            var failure: [String: MustacheValue] = ["code": .string(code), "message": .string(message)]
            if let order { failure["orderId"] = .string(order.orderId) }
            return await renderer.page("pages/payment-failed", title: OrderStatus.failed.label, ["failure": .object(failure)],
                                       for: request, status: order == nil ? .notFound : .ok)
        }
    }
}
