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

    /// Taps the element as a person on a phone does: scrolled to the middle of the screen first, since a bar fixed
    /// to the bottom may cover what WebDriver counts as in view.
    func tap(_ css: String) async throws {
        _ = try await browser.execute("document.querySelector(arguments[0]).scrollIntoView({block: 'center'});", [css])
        try await browser.find(css).click()
    }

    /// Opens the product page, sets the quantity and adds it to the cart (which redirects to the cart).
    func addToCart(productId: Int, quantity: Int) async throws {
        try await open("/products/\(productId)", as: "product")
        try await fill("quantity", String(quantity))
        try await press("장바구니 담기", arrivingAt: "cart")
    }

    /// Fills the checkout form, picks the payment method and pays; the SDK shim then opens the sandbox's
    /// window, in an iframe over the page at desktop widths or as the page itself on a phone (recorded in
    /// `paymentWindow`). Commands then go to the window. Returns the order id the window shows.
    @discardableResult
    func checkOut(method: String) async throws -> String {
        try await open("/checkout", as: "checkout")
        return try await payOnCheckoutPage(method: method)
    }

    /// Fills the checkout page's orderer and a Seoul delivery address (the base 3,000원 fee), picks `method` and submits.
    func submitCheckoutForm(method: String) async throws {
        try await fill("customer-name", "김철수")
        try await fill("customer-phone", "01098765432")
        try await fill("recipient", "김철수")
        try await fill("recipient-phone", "01098765432")
        try await fill("postal-code", "06236")
        try await fill("address-line1", "서울 강남구 테헤란로 152")
        // The id holds a dot (method-toss.card), so an attribute selector rather than #id. The methods sit below the
        // address now: centre them first, or on a phone the driver scrolls them under the fixed pay bar.
        _ = try await browser.execute("document.getElementById('method-\(method)').scrollIntoView({block: 'center'}); return true;")
        try await browser.find("input[id='method-\(method)']").click()
        try await browser.find(".checkout-form button[type=submit]").click()
    }

    /// `checkOut(method:)` from the checkout page the browser is on (the cart's, or 바로구매's).
    @discardableResult
    func payOnCheckoutPage(method: String) async throws -> String {
        try await submitCheckoutForm(method: method)
        let frameSelector = "iframe[src*='/sandbox/window']"
        var frame: WebElement?
        let opened = try await browser.wait(timeout: .seconds(20)) {
            if try await browser.currentURL().contains("/sandbox/window") { return true }
            frame = try await browser.findAll(frameSelector).first
            return frame != nil
        }
        if !opened { throw WebDriverError(command: "open the payment window", error: "timeout", message: try await browser.currentURL()) }
        if let frame {
            paymentWindow = .iframe
            try await browser.switchToFrame(frame)
            let loaded = try await browser.wait(timeout: .seconds(20)) {
                try await browser.execute("return document.readyState === 'complete' && !!document.getElementById('order-id');") as? Bool == true
            }
            if !loaded {
                // A frame the page's CSP refuses never loads; the console says why.
                let errors = try await browser.consoleErrors().joined(separator: " | ")
                throw WebDriverError(command: "load the payment window in its iframe", error: "timeout", message: errors)
            }
        } else {
            paymentWindow = .page
            try await browser.waitForURL(containing: "/sandbox/window")
        }
        try await arrive(at: "sandbox-window")
        return try await text("#order-id") ?? ""
    }

    /// Presses a button in the sandbox's window and follows the redirect back to the shop, which replaces
    /// the whole page whether the window was the page or an iframe on it.
    func decide(_ label: String, returningTo fragment: String, as page: String) async throws {
        try await browser.button(label).click()
        try await browser.switchToTop()
        try await browser.waitForURL(containing: fragment)
        try await arrive(at: page)
    }

    /// Logs in, buys `quantity` of the fixture's product with `method`, and approves in the window.
    /// Returns the order id; the browser is on the receipt.
    func buy(method: String, approve: String = "결제 승인", quantity: Int = 1) async throws -> String {
        try await logIn()
        try await addToCart(productId: live.product.id, quantity: quantity)
        let orderId = try await checkOut(method: method)
        try await decide(approve, returningTo: "/payments/toss/return/success", as: "receipt")
        return orderId
    }
}
