import HTTP
import Mustache

/// `GET /checkout` shows the order to be placed and the enabled payment methods; `POST /checkout`
/// creates the order (PENDING, stock reserved) and answers with the payment page that opens the provider's window
/// (or, for a method without one, the receipt).
/// `POST /checkout/now` (바로구매 on a product page) shows the same page for that product and quantity alone:
/// its form carries them as hidden fields, so the order is placed without reading or changing the cart.
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
        DeliveryAddress.recipientField: "recipient", DeliveryAddress.phoneField: "recipientPhone",
        DeliveryAddress.postalCodeField: "postalCode", DeliveryAddress.line1Field: "line1", DeliveryAddress.line2Field: "line2",
        DeliveryRequest.choiceField: "request", DeliveryRequest.customField: "requestCustom",
    ]

    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/checkout") { request, shopper in try await self.show(request, session: shopper.session) }
        group.post("/checkout") { request, shopper in try await self.place(request, session: shopper.session) }
        group.post("/checkout/now") { request, shopper in try await self.buyNow(request, session: shopper.session) }
    }

    /// The checkout form's hidden fields naming a direct purchase.
    static let directProductField = "direct_product_id"
    static let directQuantityField = "direct_quantity"

    func show(_ request: Request, session: Session, direct: DirectPurchase? = nil) async throws -> Response {
        let account = await checkout.account(userId: session.userId)
        // Prefilled with the default address; a new shopper starts from their own name and phone.
        var delivery = DeliveryForm()
        if let address = await checkout.defaultAddress(userId: session.userId) {
            delivery = DeliveryForm(address: address)
        } else {
            delivery.recipient = account?.name ?? session.name
            delivery.phone = account?.phone ?? ""
            delivery.saveToAddressBook = true
        }
        return try await form(request, session: session, name: account?.name ?? session.name, phone: account?.phone ?? "",
                          method: nil, delivery: delivery, errors: [:], direct: direct, status: .ok)
    }

    /// The delivery fields of a posted checkout form.
    static func deliveryForm(_ form: Parameters) -> DeliveryForm {
        var delivery = DeliveryForm()
        delivery.recipient = form[DeliveryAddress.recipientField] ?? ""
        delivery.phone = form[DeliveryAddress.phoneField] ?? ""
        delivery.postalCode = form[DeliveryAddress.postalCodeField] ?? ""
        delivery.line1 = form[DeliveryAddress.line1Field] ?? ""
        delivery.line2 = form[DeliveryAddress.line2Field] ?? ""
        delivery.requestChoice = form[DeliveryRequest.choiceField] ?? ""
        delivery.requestCustom = form[DeliveryRequest.customField] ?? ""
        delivery.saveToAddressBook = form[DeliveryForm.saveField] != nil
        return delivery
    }

    /// `pages/checkout`'s `delivery`: the fields as typed and the 배송 요청사항 choices.
    static func deliveryValues(_ delivery: DeliveryForm, errors: ValidationErrors) -> MustacheValue {
        let custom = !delivery.requestChoice.isEmpty && !DeliveryRequest.choices.contains(delivery.requestChoice)
        return .object([
            "recipient": .string(delivery.recipient), "phone": .string(delivery.phone),
            "postalCode": .string(TextLength.prefix(delivery.postalCode, 10)),
            "line1": .string(TextLength.prefix(delivery.line1, DeliveryAddress.maxLine1Length)),
            "line2": .string(TextLength.prefix(delivery.line2, DeliveryAddress.maxLine2Length)),
            "requestChoices": .array(DeliveryRequest.choices.map { choice in
                .object(["value": .string(choice), "selected": .bool(choice == delivery.requestChoice)])
            }),
            "requestNone": .bool(delivery.requestChoice.isEmpty),
            "requestCustomSelected": .bool(custom),
            "requestCustom": .string(TextLength.prefix(delivery.requestCustom, DeliveryRequest.maxCustomLength)),
            "save": .bool(delivery.saveToAddressBook),
            "errors": PageContext.errors(errors, names: fieldNames),
        ])
    }

    /// 바로구매: the checkout page for the product form's product and quantity; a refusal (bad quantity, sold
    /// out, above stock) shows the product page again with the reason by the quantity, as 장바구니 담기 does.
    func buyNow(_ request: Request, session: Session) async throws -> Response {
        let form = try request.pageForm()
        let productId = form["product_id"] ?? "", quantity = form["quantity"] ?? "1"
        let direct: DirectPurchase
        do {
            direct = try DirectPurchase(productId: productId, quantity: quantity)
            _ = try await checkout.preview(userId: session.userId, direct: direct)
        } catch {
            return try await cartPages.refusedOnProductPage(request, productId: productId, error: error, quantity: quantity)
        }
        return try await show(request, session: session, direct: direct)
    }

    func form(_ request: Request, session: Session, name: String, phone: String, method: String?, delivery: DeliveryForm,
              errors: ValidationErrors, direct: DirectPurchase?, status: HTTPStatus) async throws -> Response {
        let preview: CheckoutPreview
        do {
            preview = try await checkout.preview(userId: session.userId, direct: direct, postalCode: delivery.postalCode)
        } catch {
            if error == .conflict(CheckoutService.emptyCartMessage) { return cartPages.flashRedirect("/cart", .cartEmpty) }
            // A 바로구매 whose product ran short (or went) since its page: back to the product with the reason.
            if let direct {
                return try await cartPages.refusedOnProductPage(request, productId: String(direct.productId), error: error,
                                                            quantity: String(direct.quantity))
            }
            throw error
        }
        let chosen = methods.contains { $0.id == method } ? method : methods.first?.id
        return await renderer.page("pages/checkout", title: "주문/결제", [
            "lines": .array(preview.lines.map { line in
                .object(["name": .string(line.product.name), "quantity": .int(line.quantity),
                         "unitPriceText": .string(Won.format(line.unitPrice)), "lineTotalText": .string(Won.format(line.lineTotal))])
            }),
            "totalQuantity": .int(preview.totalQuantity),
            "goodsText": .string(Won.format(preview.goodsPrice)),
            "shipping": ShippingValues.quote(preview.shipping, freeOver: checkout.shipping.freeOver),
            "totalText": .string(Won.format(preview.totalPrice)),
            "delivery": Self.deliveryValues(delivery, errors: errors),
            "methods": .array(methods.map { method in
                .object(["id": .string(method.id), "displayName": .string(method.displayName), "checked": .bool(method.id == chosen)])
            }),
            "form": .object([
                "customerName": .string(name), "customerPhone": .string(phone),
                "errors": PageContext.errors(errors, names: Self.fieldNames),
            ]),
            "direct": direct.map { .object(["productId": .int($0.productId), "quantity": .int($0.quantity)]) } ?? .null,
        ], for: request, status: status)
    }

    func place(_ request: Request, session: Session) async throws -> Response {
        let form = try request.pageForm()
        let name = form["customer_name"] ?? "", phone = form["customer_phone"] ?? "", method = form["method"] ?? ""
        let delivery = Self.deliveryForm(form)
        var direct: DirectPurchase?
        if let productId = form[Self.directProductField] {
            // The page wrote these fields itself; anything else is a forged or broken form.
            guard let parsed = try? DirectPurchase(productId: productId, quantity: form[Self.directQuantityField] ?? "") else {
                throw HTTPError(.badRequest)
            }
            direct = parsed
        }
        do {
            let order = try await checkout.placeOrder(userId: session.userId, signupId: session.signupId,
                                                      customerName: name, customerPhone: phone, paymentMethod: method,
                                                      delivery: delivery, direct: direct)
            return await paymentPage(order, request)
        } catch {
            switch error {
            case .validation(let errors):
                return try await self.form(request, session: session, name: name, phone: phone, method: method,
                                       delivery: delivery, errors: errors, direct: direct, status: error.status)
            case .conflict(let message):
                // Stock ran out (or the cart emptied) since the page was shown: say which, keep the form.
                return try await self.form(request, session: session, name: name, phone: phone, method: method,
                                       delivery: delivery, errors: [CheckoutService.paymentMethodField: message], direct: direct,
                                       status: error.status)
            default:
                throw error
            }
        }
    }
}
