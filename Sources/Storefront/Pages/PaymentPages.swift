import HTTP
import Mustache
import PluginKit

/// The payment page, Toss's success and fail redirects and Toss's webhook (order cancellation is `OrderPages`').
struct PaymentPages: Sendable {
    let flow: PaymentFlow
    let renderer: PageRenderer
    let cartPages: CartPages

    func register(_ router: inout Router) {
        router.get("/payments/toss/success") { request in
            await cartPages.signedIn(request) { session in await self.success(request, session: session) }
        }
        router.get("/payments/toss/fail") { request in
            await cartPages.signedIn(request) { session in await self.failure(request, session: session) }
        }
        router.post("/payments/toss/webhook") { request in
            switch await flow.handleWebhook(body: request.body) {
            case .handled: return .text("ok")
            case .retryLater: return .text("retry", status: .internalServerError)
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
            return cartPages.flashRedirect("/orders/\(order.orderId)", .paymentConfirming)
        case .failed(let order, let code, let message):
            var failure: [String: MustacheValue] = ["code": .string(code), "message": .string(message)]
            if let order { failure["orderId"] = .string(order.orderId) }
            return await renderer.page("pages/payment-failed", title: OrderStatus.failed.label, ["failure": .object(failure)],
                                       for: request, status: order == nil ? .notFound : .ok)
        }
    }
}
