import HTTP
import Mustache

/// The cart: list, add, change quantity, remove. Every rule lives in `CartService`; a refused change
/// shows the cart (or the product page) again with the reason.
struct CartPages: Sendable {
    let cart: CartService
    let catalog: CatalogService
    let renderer: PageRenderer
    let cookies: SessionMiddleware
    /// The 배송비 shown under the cart (no address yet: the base fee, surcharges said to apply at checkout).
    var shipping = ShippingPolicy()

    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/cart") { request, shopper in try await self.show(request, session: shopper.session, failedLine: nil, status: .ok) }
        group.post("/cart/items") { request, shopper in try await self.add(request, session: shopper.session) }
        group.post("/cart/items/:id") { request, shopper in try await self.change(request, session: shopper.session) }
        group.post("/cart/items/:id/delete") { request, shopper in try await self.remove(request, session: shopper.session) }
    }

    func show(_ request: Request, session: Session, failedLine: (productId: Int, message: String)?, status: HTTPStatus) async throws -> Response {
        do {
            let summary = try await cart.summary(userId: session.userId)
            return await renderer.page("pages/cart", title: "장바구니", [
                "hasLines": .bool(!summary.isEmpty),
                "lines": .array(summary.lines.map { line in
                    var fields: [String: MustacheValue] = [
                        "productId": .int(line.product.id),
                        "name": .string(line.product.name),
                        "imageURL": .string(PageContext.imageURL(line.product)),
                        // The line's name is its heading beside the picture.
                        "imageAlt": .string(""),
                        "unitPriceText": .string(Won.format(line.unitPrice)),
                        "quantity": .int(line.quantity),
                        "stock": .int(max(1, min(line.product.quantity, CartRules.maxQuantity))),
                        "lineTotalText": .string(Won.format(line.lineTotal)),
                    ]
                    if line.product.id == failedLine?.productId { fields["quantityError"] = .string(failedLine?.message ?? "") }
                    else if line.exceedsStock { fields["quantityError"] = .string("재고가 부족합니다. (남은 수량: \(line.product.quantity)개)") }
                    return .object(fields)
                }),
                "totalQuantity": summary.totalQuantity.map(MustacheValue.int) ?? .string("—"),
                "goodsText": .string(Won.format(summary.totalPrice)),
                "shipping": summary.totalPrice.map { ShippingValues.quote(shipping.quote(goodsPrice: $0, postalCode: nil), freeOver: shipping.freeOver) } ?? .null,
                "totalText": .string(Won.format(summary.totalPrice.map { $0 + shipping.quote(goodsPrice: $0, postalCode: nil).total })),
                // A cart beyond OrderLimits is shown with the reason instead of the way to checkout.
                "limitMessage": summary.limitMessage.map(MustacheValue.string) ?? .null,
            ], for: request, status: status)
        } catch {
            throw error
        }
    }

    func add(_ request: Request, session: Session) async throws -> Response {
        let form = try request.pageForm()
        let productId = form["product_id"] ?? ""
        do {
            _ = try await cart.add(userId: session.userId, signupId: session.signupId, productId: productId,
                                   quantity: form["quantity"] ?? "1", addToken: form[CartRules.addTokenField])
            return flashRedirect("/cart", .addedToCart)
        } catch {
            return try await refusedOnProductPage(request, productId: productId, error: error, quantity: form["quantity"] ?? "")
        }
    }

    /// Shows the product page again with the reason next to the quantity field.
    func refusedOnProductPage(_ request: Request, productId: String, error: ShopError, quantity: String) async throws -> Response {
        if case .notFound = error { throw error }
        guard let product = try? await catalog.product(id: productId) else {
            throw error
        }
        let message: String
        if case .validation(let errors) = error { message = errors["quantity"] ?? error.message } else { message = error.message }
        return await renderer.page("pages/product", title: product.name, [
            "product": PageContext.productDetail(product),
            "form": .object(["quantity": .string(quantity), "errors": .object(["quantity": .string(message)]),
                             "addToken": .string(CartRules.newAddToken())]),
        ], for: request, status: error.status)
    }

    func change(_ request: Request, session: Session) async throws -> Response {
        let form = try request.pageForm()
        do {
            try await cart.changeQuantity(userId: session.userId, productId: request.parameters["id"] ?? "", quantity: form["quantity"] ?? "")
            return flashRedirect("/cart", .cartUpdated)
        } catch {
            if case .notFound = error { throw error }
            let productId = Int(request.parameters["id"] ?? "") ?? -1
            let message: String
            if case .validation(let errors) = error { message = errors["quantity"] ?? error.message } else { message = error.message }
            return try await show(request, session: session, failedLine: (productId, message), status: error.status)
        }
    }

    func remove(_ request: Request, session: Session) async throws -> Response {
        do {
            try await cart.remove(userId: session.userId, productId: request.parameters["id"] ?? "")
            return flashRedirect("/cart", .cartLineRemoved)
        } catch {
            throw error
        }
    }

    func flashRedirect(_ path: String, _ flash: Flash) -> Response { cookies.flashRedirect(path, flash) }
}
