import HTTP
import Mustache
import PluginKit

/// The payment page, each provider's return and webhook routes (`/payments/PROVIDER/return/success|fail`,
/// `/payments/PROVIDER/webhook`), and Toss's registered `/payments/toss/success|fail` (order cancellation is
/// `OrderPages`').
struct PaymentPages: Sendable {
    let flow: PaymentFlow
    let renderer: PageRenderer
    let cookies: SessionMiddleware

    /// Each provider's return routes (and Toss's registered ones), for the signed-in shopper who paid.
    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/payments/:provider/return/success") { request, shopper in
            await self.returned(request, session: shopper.session, succeeded: true)
        }
        group.get("/payments/:provider/return/fail") { request, shopper in
            await self.returned(request, session: shopper.session, succeeded: false)
        }
        // The URLs Toss's integrations were set up with before routes were per provider.
        group.get("/payments/toss/success") { request, shopper in
            await self.returned(request, session: shopper.session, succeeded: true, provider: "toss")
        }
        group.get("/payments/toss/fail") { request, shopper in
            await self.returned(request, session: shopper.session, succeeded: false, provider: "toss")
        }
    }

    /// Every provider's webhook: its servers post without our cookies, so the group is sessionless, CSRF included
    /// (the provider verifies the delivery, and the shop then asks the provider, see `PaymentFlow.handleWebhook`).
    func registerWebhook(_ router: inout Router) {
        router.group("/payments", tags: [SessionMiddleware.sessionless], context: { _ in () }) { group in
            group.post("/:provider/webhook") { request, _ in
                var headers: [String: String] = [:]
                for (name, value) in request.headers where headers[name.lowercased()] == nil { headers[name.lowercased()] = value }
                let delivery = WebhookDelivery(body: request.body, headers: headers)
                switch await flow.handleWebhook(provider: request.parameters["provider"] ?? "", delivery: delivery) {
                case .handled: return .text("ok")
                case .retryLater: return .text("retry", status: .internalServerError)
                case .unknownProvider: return .text("no such payment provider", status: .notFound)
                }
            }
        }
    }

    /// The page that starts the payment for a just-placed order: the provider's script, a redirect or a form post;
    /// a method with no window is confirmed at once and its receipt shown (an account to pay into).
    func paymentPage(_ order: Order, _ request: Request) async -> Response {
        guard let step = flow.browserStep(for: order) else {
            return await renderer.error(.serviceUnavailable, message: "선택한 결제 수단을 지금은 사용할 수 없습니다.", for: request)
        }
        var values: [String: MustacheValue] = ["order": OrderPages.order(order, methodName: flow.displayName(for: order.paymentMethod))]
        switch step {
        case .script(let call):
            let json: String
            do {
                json = try ScriptSafeJSON.encode(["clientKey": call.clientKey, "customerKey": call.customerKey, "request": call.request])
            } catch {
                return await renderer.error(.internalServerError, message: "", for: request)
            }
            values["script"] = .object(["sdkURL": .string(call.sdkURL), "paymentRequestJSON": .string(json)])
        case .redirect(let url):
            values["redirect"] = .object(["url": .string(url)])
        case .formPost(let action, let fields):
            values["formPost"] = .object(["action": .string(action), "fields": .array(fields.map {
                .object(["name": .string($0.name), "value": .string($0.value)])
            })])
        case .none(let paymentKey):
            let outcome = await flow.confirm(userId: order.userId, orderId: order.orderId, paymentKey: paymentKey,
                                             amount: String(order.totalPrice))
            return await show(outcome, request: request)
        }
        return await renderer.page("pages/payment", title: "결제 진행", values, for: request)
    }

    func returned(_ request: Request, session: Session, succeeded: Bool, provider name: String? = nil) async -> Response {
        let name = name ?? request.parameters["provider"] ?? ""
        // The first value of each name, as the query's subscript reads it.
        var query: [String: String] = [:]
        for (key, value) in request.query where query[key] == nil { query[key] = value }
        let parsed = flow.providers[name]?.returnParameters(query, succeeded: succeeded)
            ?? PaymentReturn.conventional(query, succeeded: succeeded)
        let outcome = switch parsed {
        case .succeeded(let orderId, let paymentKey, let amount):
            await flow.confirm(userId: session.userId, orderId: orderId, paymentKey: paymentKey, amount: amount)
        case .failed(let orderId, let code, let message):
            await flow.fail(userId: session.userId, orderId: orderId, code: code, message: message)
        }
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
            // A deposit to make says by when and how much in the heading's lead (a paid order's lead thanks instead).
            if order.status == .waitingForDeposit, let step = OrderNextStep.of(order, payment: payment, delivery: nil) {
                values["nextStep"] = .object(["text": .string(step.text)])
            }
            return await renderer.page("pages/receipt", title: order.status == .waitingForDeposit ? "주문 접수" : OrderStatus.paid.label,
                                       values, for: request)
        case .confirming(let order):
            return cookies.flashRedirect("/orders/\(order.orderId)", .paymentConfirming)
        case .failed(let order, let code, let message):
            return await renderer.page("pages/payment-failed", title: PaymentFailureView.heading(code: code),
                                       ["failure": PaymentFailureView.values(code: code, message: message, orderId: order?.orderId)],
                                       for: request, status: order == nil ? .notFound : .ok)
        }
    }
}
