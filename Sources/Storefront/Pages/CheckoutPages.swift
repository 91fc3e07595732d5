import HTTP
import Mustache

/// `GET /checkout` shows the order to be placed and the enabled payment methods; `POST /checkout`
/// creates the order (PENDING, stock reserved) and answers with the payment page that opens Toss's window.
struct CheckoutPages: Sendable {
    /// One payment method the checkout offers: the plugin id and its Korean name.
    struct Method: Sendable {
        let id: String
        let displayName: String
    }

    let checkout: CheckoutService
    let methods: [Method]
    let renderer: PageRenderer
    let cartPages: CartPages
    /// Builds the page that starts the payment in the browser for a freshly placed order.
    let paymentPage: @Sendable (Order, Request) async -> Response

    static let fieldNames = [
        CheckoutService.customerNameField: "customerName",
        CheckoutService.customerPhoneField: "customerPhone",
        CheckoutService.paymentMethodField: "method",
    ]

    func register(_ router: inout Router) {
        router.get("/checkout") { request in
            await cartPages.signedIn(request) { session in await self.show(request, session: session) }
        }
        router.post("/checkout") { request in
            await cartPages.signedIn(request) { session in await self.place(request, session: session) }
        }
    }

    func show(_ request: Request, session: Session) async -> Response {
        let account = await checkout.account(userId: session.userId)
        return await form(request, session: session, name: account?.name ?? session.name, phone: account?.phone ?? "",
                          method: nil, errors: [:], status: .ok)
    }

    func form(_ request: Request, session: Session, name: String, phone: String, method: String?,
              errors: ValidationErrors, status: HTTPStatus) async -> Response {
        let preview: CheckoutPreview
        do {
            preview = try await checkout.preview(userId: session.userId)
        } catch {
            if error == .conflict(CheckoutService.emptyCartMessage) { return cartPages.flashRedirect("/cart", .cartEmpty) }
            return await renderer.error(error.status, message: error.message, for: request)
        }
        let chosen = methods.contains { $0.id == method } ? method : methods.first?.id
        return await renderer.page("pages/checkout", title: "주문/결제", [
            "lines": .array(preview.lines.map { line in
                .object(["name": .string(line.product.name), "quantity": .int(line.quantity),
                         "unitPriceText": .string(Won.format(line.unitPrice)), "lineTotalText": .string(Won.format(line.lineTotal))])
            }),
            "totalQuantity": .int(preview.totalQuantity),
            "totalText": .string(Won.format(preview.totalPrice)),
            "methods": .array(methods.map { method in
                .object(["id": .string(method.id), "displayName": .string(method.displayName), "checked": .bool(method.id == chosen)])
            }),
            "form": .object([
                "customerName": .string(name), "customerPhone": .string(phone),
                "errors": PageContext.errors(errors, names: Self.fieldNames),
            ]),
        ], for: request, status: status)
    }

    func place(_ request: Request, session: Session) async -> Response {
        let form: Parameters
        do { form = try request.pageForm() } catch { return await renderer.error(error.status, message: error.message, for: request) }
        let name = form["customer_name"] ?? "", phone = form["customer_phone"] ?? "", method = form["method"] ?? ""
        do {
            let order = try await checkout.placeOrder(userId: session.userId, signupId: session.signupId,
                                                      customerName: name, customerPhone: phone, paymentMethod: method)
            return await paymentPage(order, request)
        } catch {
            switch error {
            case .validation(let errors):
                return await self.form(request, session: session, name: name, phone: phone, method: method,
                                       errors: errors, status: error.status)
            case .conflict(let message):
                // Stock ran out (or the cart emptied) since the page was shown: say which, keep the form.
                return await self.form(request, session: session, name: name, phone: phone, method: method,
                                       errors: [CheckoutService.paymentMethodField: message], status: error.status)
            default:
                return await renderer.error(error.status, message: error.message, for: request)
            }
        }
    }
}
