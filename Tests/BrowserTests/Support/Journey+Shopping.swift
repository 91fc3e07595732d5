import Foundation
import Testing
import TestSupport

/// The steps a shopper takes, as a person would: through forms, links and buttons.
extension Journey {
    func logIn(_ signupId: String = LiveShopFixture.signupId, password: String = LiveShopFixture.password) async throws {
        try await open("/login", as: "login")
        try await fill("signup-id", signupId)
        try await fill("password", password)
        try await press("로그인", arrivingAt: "catalog")
    }

    /// Opens the product page, sets the quantity and adds it to the cart (which redirects to the cart).
    func addToCart(productId: Int, quantity: Int) async throws {
        try await open("/products/\(productId)", as: "product")
        try await fill("quantity", String(quantity))
        try await press("장바구니 담기", arrivingAt: "cart")
    }

    /// Fills the checkout form, picks the payment method and pays; the SDK shim then opens the sandbox's
    /// window. Returns the order id the window shows.
    @discardableResult
    func checkOut(method: String) async throws -> String {
        try await open("/checkout", as: "checkout")
        try await fill("customer-name", "김철수")
        try await fill("customer-phone", "01098765432")
        // The id holds a dot (method-toss.card), so an attribute selector rather than #id.
        try await browser.find("input[id='method-\(method)']").click()
        try await browser.find(".checkout-form button[type=submit]").click()
        try await browser.waitForURL(containing: "/sandbox/window")
        try await arrive(at: "sandbox-window")
        return try await text("#order-id") ?? ""
    }

    /// Presses a button in the sandbox's window and follows the redirect back to the shop.
    func decide(_ label: String, returningTo fragment: String, as page: String) async throws {
        try await browser.button(label).click()
        try await browser.waitForURL(containing: fragment)
        try await arrive(at: page)
    }

    /// Logs in, buys `quantity` of the fixture's product with `method`, and approves in the window.
    /// Returns the order id; the browser is on the receipt.
    func buy(method: String, approve: String = "결제 승인", quantity: Int = 1) async throws -> String {
        try await logIn()
        try await addToCart(productId: live.product.id, quantity: quantity)
        let orderId = try await checkOut(method: method)
        try await decide(approve, returningTo: "/payments/toss/success", as: "receipt")
        return orderId
    }
}
