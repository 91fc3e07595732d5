import Database
import Foundation
import HTTP
import Logging
import Mustache
import PluginKit
import TestSupport
import Testing
@testable import Storefront

/// The real shop over HTTP for page tests: StorefrontApp's router on an ephemeral loopback port, over a
/// fresh temporary database holding a few products built here, with a test-only payment method.
struct PageShop {
    let shop: Shop
    let port: Int
    let method: FakePaymentMethod
    /// 12,900원, 10 in stock, 식품 / 대한민국 / 한빛농원.
    let apple: Product
    /// A name that would inject a script if it were not escaped.
    let scripted: Product
    /// The last unit: 1 in stock.
    let lastUnit: Product
    /// 0 in stock.
    let soldOut: Product
    /// Every route the shop's router has, as it lists them (for tests that walk them all).
    var routes: [RouteDescription] = []

    static let scriptedName = "<script>alert(1)</script> 쿠키"
    /// A route only the tests add: its handler throws an error no page expects.
    static let failingPath = "/test/unexpected-failure"

    struct UnexpectedFailure: Error, CustomStringConvertible {
        var description: String { "database file /var/secret.sqlite is locked" }
    }
    static let password = "correct horse"

    /// A browser with an empty cookie jar.
    func browser() -> TestBrowser { TestBrowser(port: port) }

    /// Signs `signupId` up through the account service (fast bcrypt) and returns its id.
    @discardableResult
    func account(_ signupId: String = "shopper") async throws -> Int {
        try await shop.signedUp(signupId, service: AccountService(database: shop.database, passwordCost: 4)).id
    }

    /// A browser signed in as `signupId` through the real login form (the account is created first).
    func signedInBrowser(_ signupId: String = "shopper") async throws -> TestBrowser {
        try await account(signupId)
        let browser = browser()
        let page = try await browser.submit("/login", fields: [("signup_id", signupId), ("password", Self.password)])
        try #require(page.status == 200)
        try #require(browser.cookies[SessionMiddleware.sessionCookie] != nil)
        return browser
    }

    /// The signed-in user's id.
    func userId(_ signupId: String = "shopper") async throws -> Int {
        try #require(try await shop.read { db in try AccountRepository().find(db, signupId: signupId) }).id
    }

    func cartLines(_ signupId: String = "shopper") async throws -> [CartLine] {
        let userId = try await userId(signupId)
        return try await shop.read { db in try CartRepository().lines(db, userId: userId) }
    }

    func orders(_ signupId: String = "shopper") async throws -> [Order] {
        try await OrderQueries(database: shop.database).list(userId: try await userId(signupId), limit: 50).map(\.order)
    }
}

/// Runs `body` against a running shop and stops the server and removes the database afterwards;
/// `configure` adjusts the shop's configuration before it starts.
/// `providers` adds payment providers built over the shop's database, their methods offered after the fake one.
func withPageShop(configure: (inout StorefrontConfig) -> Void = { _ in },
                  providers: (any DatabaseWriter) -> [any PaymentProvider] = { _ in [] },
                  _ body: (PageShop) async throws -> Void) async throws {
    try await withShop { shop async throws in
        let apple = try await shop.insert(NewProduct(name: "사과", price: 12_900, category: "식품", country: "대한민국",
                                                     manufacturer: "한빛농원", quantity: 10, description: "아삭한 햇사과\n한 봉지 1kg"))
        let scripted = try await shop.insert(NewProduct(name: PageShop.scriptedName, price: 3_500, category: "간식",
                                                        country: "미국", manufacturer: "스낵랩", quantity: 20))
        let lastUnit = try await shop.insert(NewProduct(name: "한정판 시계", price: 250_000, category: "전자",
                                                        country: "스위스", manufacturer: "타임웍스", quantity: 1))
        let soldOut = try await shop.insert(NewProduct(name: "품절 우산", price: 8_000, category: "생활",
                                                       country: "대한민국", manufacturer: "비막이", quantity: 0))

        let method = FakePaymentMethod()
        var config = StorefrontConfig()
        let extra = providers(shop.database)
        config.payments.methods = [method.id] + extra.flatMap(\.methods).map(\.id)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        config.templates.directory = root.appendingPathComponent("Templates").path
        config.templates.publicDirectory = root.appendingPathComponent("Public").path
        configure(&config)
        let templates = try MustacheLibrary(directory: config.templates.directory, reloadOnChange: false, trimmingIndentation: true)
        let origin = PublicOrigin("")
        let app = StorefrontApp(config: config, database: shop.database, templates: templates, paymentMethods: [method],
                                paymentProviders: extra, origin: origin, passwordCost: 4, logger: .discarding)
        var serverConfiguration = app.serverConfiguration
        (serverConfiguration.host, serverConfiguration.port, serverConfiguration.eventLoops) = ("127.0.0.1", 0, 1)
        let router = app.makeRouter(extraRoutes: { router, _ in
            router.get(PageShop.failingPath) { _ in throw PageShop.UnexpectedFailure() }
        })
        // Upload routes stream their bodies, as ShopServer arranges.
        serverConfiguration.streamedBodyLimit = router.streamedBodyLimit
        let server = HTTPServer(configuration: serverConfiguration, handler: router.handler)
        let port = try server.start()
        origin.set("http://127.0.0.1:\(port)")
        let pageShop = PageShop(shop: shop, port: port, method: method, apple: apple, scripted: scripted,
                                lastUnit: lastUnit, soldOut: soldOut, routes: router.routeDescriptions)
        do {
            try await body(pageShop)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}

extension Shop {
    func insert(_ product: NewProduct) async throws -> Product {
        try await database.write { [catalog] db in try catalog.insert(db, product) }
    }
}

extension TestBrowser {
    /// The CSRF token the shop's forms carry, read from a page's hidden `_csrf` input like a browser
    /// would submit it (a page is fetched first when the browser has none yet).
    func csrfToken() async throws -> String {
        let page = try HTMLDocument(try await get("/signup"))
        return try #require(page.first("//form[@action='/signup']//input[@name='_csrf']")?.attribute("value"))
    }

    /// Submits the product page's add-to-cart form.
    @discardableResult
    func addToCart(_ product: Product, _ quantity: String) async throws -> TestResponse {
        try await submit("/cart/items", fields: [("product_id", "\(product.id)"), ("quantity", quantity)])
    }

    /// Posts a form with the page's CSRF token, as a form on one of the shop's pages would.
    func submit(_ path: String, fields: [(String, String)]) async throws -> TestResponse {
        try await post(path, form: [("_csrf", try await csrfToken())] + fields)
    }
}

extension TestResponse {
    /// The response parsed as an HTML page.
    func page() throws -> HTMLDocument { try HTMLDocument(self) }
}

extension HTMLDocument {
    /// The trimmed text of the first node `expression` selects, or nil.
    func text(_ expression: String) -> String? {
        first(expression)?.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The trimmed texts of every node `expression` selects.
    func texts(_ expression: String) -> [String] {
        xpath(expression).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The error page's heading, or nil when this is not the error page.
    var errorHeading: String? { text("//section[contains(@class,'error-page')]//h1") }
    var errorCode: String? { text("//p[@class='error-code']") }
    var errorMessage: String? { text("//section[contains(@class,'error-page')]//p[@class='lead']") }
}

/// A class attribute test for XPath: `contains(concat(' ', @class, ' '), ' name ')`.
func hasClass(_ name: String) -> String { "contains(concat(' ', normalize-space(@class), ' '), ' \(name) ')" }

extension PageShop {
    /// Puts `quantity` of `product` in the browser's cart and places the order through `POST /checkout`;
    /// returns the order id the payment page shows.
    func placeOrder(_ browser: TestBrowser, _ product: Product, quantity: Int = 1) async throws -> String {
        let added = try await browser.addToCart(product, "\(quantity)")
        try #require(added.status == 200)
        let response = try await browser.submit("/checkout", fields: [
            ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", method.id),
        ] + DeliveryForm.seoulFields)
        try #require(response.status == 200)
        return try #require(try response.page().text("//section[\(hasClass("payment-start"))]//dd[\(hasClass("mono"))]"))
    }

    /// Comes back from the provider's window with a success redirect, as the browser would.
    func pay(_ browser: TestBrowser, orderId: String) async throws -> TestResponse {
        let order = try #require(try await shop.read { db in try OrderRepository().find(db, orderId: orderId) })
        return try await browser.get("/payments/toss/success?paymentKey=pk_\(orderId)&orderId=\(orderId)&amount=\(order.totalPrice)")
    }

    func status(_ orderId: String) async throws -> OrderStatus? { try await shop.read { db in try OrderRepository().find(db, orderId: orderId) }?.status }
}
