import Foundation
import Storefront

/// A shopper scripted over HTTP, doing what the browser and the SDK shim do: sign in, fill the cart,
/// check out, open the sandbox's window from the payment page's JSON, press a button there, and come
/// back to the shop by the redirect the sandbox sends. Shared by the end-to-end tests and the checkout
/// load benchmark.
public final class ScriptedShopper {
    /// The product `addToCart` buys when none is named.
    public let productId: Int
    public let shopBrowser: TestBrowser
    public let sandboxBrowser: TestBrowser

    public struct PaymentPage: Sendable {
        public var clientKey: String
        public var customerKey: String
        public var requestJSON: String
        public var orderId: String
        public var sdkURL: String?
    }

    public convenience init(_ live: LiveShop) {
        self.init(shopPort: live.server.port, sandboxPort: live.sandbox.apiBase.port ?? 0, productId: live.product.id)
    }

    /// A shopper of a shop reached at `shopPort` on loopback (the shop itself, or a proxy in front of it).
    public init(shopPort: Int, sandboxPort: Int, productId: Int) {
        self.productId = productId
        shopBrowser = TestBrowser(port: shopPort)
        sandboxBrowser = TestBrowser(port: sandboxPort)
    }

    public var csrf: String { shopBrowser.cookies[SessionMiddleware.csrfCookie] ?? "" }

    /// Signs in as `signupId` (password "correct horse", as the fixtures sign people up).
    public func signIn(as signupId: String = LiveShopFixture.signupId) async throws {
        _ = try await shopBrowser.get("/login")
        let response = try await shopBrowser.post("/login", form: [("signup_id", signupId), ("password", LiveShopFixture.password), ("_csrf", csrf)])
        guard response.status == 200 else { throw ScriptError.unexpected("sign-in answered \(response.status)") }
    }

    /// Adds `quantity` of a product (the live shop's first one unless named) and returns the shop's answer
    /// after redirects (the cart, or the product page with the reason when it could not be added).
    @discardableResult
    public func addToCart(quantity: Int = 1, productId: Int? = nil) async throws -> TestResponse {
        try await shopBrowser.post("/cart/items", form: [
            ("product_id", String(productId ?? self.productId)), ("quantity", String(quantity)), ("_csrf", csrf),
        ])
    }

    /// Places the order and reads the payment page the way payment.js does.
    /// The checkout form as the shopper fills it in.
    public func checkoutForm(method: String) -> [(String, String)] {
        [("customer_name", "홍길동"), ("customer_phone", "010-1234-5678"), ("method", method), ("_csrf", csrf),
         ("recipient", "홍길동"), ("recipient_phone", "010-1234-5678"), ("postal_code", "06236"), ("address_line1", "서울 강남구 테헤란로 152"), ("address_line2", "12층")]
    }

    public func checkout(method: String) async throws -> PaymentPage {
        let response = try await shopBrowser.post("/checkout", form: checkoutForm(method: method))
        let document = try HTMLDocument(response)
        guard response.status == 200, let blob = document.first("//script[@id='payment-request']")?.text,
              let object = (try? JSONSerialization.jsonObject(with: Data(blob.utf8))) as? [String: Any],
              let clientKey = object["clientKey"] as? String, let customerKey = object["customerKey"] as? String,
              let request = object["request"] as? [String: Any], let orderId = request["orderId"] as? String else {
            throw ScriptError.unexpected("no payment page (\(response.status)): \(response.text.prefix(300))")
        }
        let requestJSON = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
        return PaymentPage(clientKey: clientKey, customerKey: customerKey, requestJSON: requestJSON, orderId: orderId,
                           sdkURL: document.xpath("//script[@src]").compactMap { $0.attribute("src") }.first { $0.contains("/v2/standard") })
    }

    /// `requestPayment`: the sandbox window for this page; returns the payment key its forms post to.
    public func openWindow(_ page: PaymentPage) async throws -> String {
        let query = [("clientKey", page.clientKey), ("customerKey", page.customerKey), ("request", page.requestJSON)]
        let response = try await sandboxBrowser.get("/sandbox/window?" + TestBrowser.formEncode(query))
        let document = try HTMLDocument(response)
        guard response.status == 200, let action = document.first("//form[@method='post']")?.attribute("action"),
              let key = action.split(separator: "/").last else {
            throw ScriptError.unexpected("no window (\(response.status)): \(response.text.prefix(300))")
        }
        return String(key)
    }

    /// Presses a window button and returns the shop URL the sandbox redirects to.
    public func choose(_ action: String, paymentKey: String) async throws -> URL {
        // Not followed: the redirect leaves the sandbox for the shop's origin.
        let response = try await TestHTTPClient.request(
            port: sandboxBrowser.port, "POST", "/sandbox/window/\(paymentKey)",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(TestBrowser.formEncode([("action", action)]).utf8))
        guard response.status == 303, let location = response.headers["Location"], let url = URL(string: location) else {
            throw ScriptError.unexpected("window answered \(response.status)")
        }
        return url
    }

    /// Submits a form twice at once, as a double click does: two connections, the same session. Redirects are
    /// not followed, so the two answers are the shop's own.
    public func submitTwiceAtOnce(_ path: String, form: [(String, String)]) async throws -> [TestResponse] {
        let cookie = shopBrowser.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let headers = [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")]
        let body = Array(TestBrowser.formEncode(form).utf8)
        let port = shopBrowser.port
        async let first = TestHTTPClient.request(port: port, "POST", path, headers: headers, body: body)
        async let second = TestHTTPClient.request(port: port, "POST", path, headers: headers, body: body)
        return try await [first, second]
    }

    /// Follows a redirect back into the shop.
    public func visit(_ url: URL) async throws -> TestResponse {
        try await shopBrowser.get(url.path + (url.query.map { "?" + $0 } ?? ""))
    }

    /// Signs in, buys `quantity` units and opens the sandbox window for the new order.
    public func openPayment(method: String, quantity: Int = 1) async throws -> (page: PaymentPage, paymentKey: String) {
        try await signIn()
        try await addToCart(quantity: quantity)
        let page = try await checkout(method: method)
        return (page, try await openWindow(page))
    }

    /// The whole happy path up to the shop's receipt page.
    public func pay(with method: String, quantity: Int = 1) async throws -> (orderId: String, receipt: TestResponse) {
        let (page, key) = try await openPayment(method: method, quantity: quantity)
        return (page.orderId, try await visit(try await choose("approve", paymentKey: key)))
    }

    public enum ScriptError: Error, CustomStringConvertible {
        case unexpected(String)
        public var description: String { if case .unexpected(let text) = self { text } else { "" } }
    }
}
