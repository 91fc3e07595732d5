import TestSupport
import Testing
@testable import Storefront

@Suite("Pages that need an account, over HTTP")
struct SignInRequiredTests {
    @Test("a visitor opening a shopper's page is sent to the login form that comes back to it",
          arguments: ["/cart", "/checkout", "/orders", "/orders/20261125-ABCDEF"])
    func visitorRedirectedToLogin(path: String) async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            let first = try await TestHTTPClient.request(port: shop.port, "GET", path)
            #expect(first.status == 303)
            #expect(first.headers["Location"] == PageContext.loginURL(returningTo: path))

            let response = try await browser.get(path)
            #expect(response.status == 200)
            #expect(browser.currentPath == PageContext.loginURL(returningTo: path))
            let page = try response.page()
            #expect(page.text("//h1[@id='login-heading']") == "로그인")
            #expect(page.first("//form[@action='/login']//input[@type='hidden'][@name='next']")?.attribute("value") == path)
        }
    }

    @Test("a visitor's redirect carries no CSRF cookie; the login form it leads to issues the one its form echoes")
    func csrfCookieWithTheFirstForm() async throws {
        try await withPageShop { shop in
            let redirect = try await TestHTTPClient.request(port: shop.port, "GET", "/orders")
            #expect(redirect.status == 303)
            #expect(redirect.headers.values(for: "Set-Cookie").isEmpty)
            let browser = shop.browser()
            let page = try await browser.get("/orders")
            let token = try #require(browser.cookies[SessionMiddleware.csrfCookie])
            #expect(try page.page().first("//form[@action='/login']//input[@name='_csrf']")?.attribute("value") == token)
        }
    }

    @Test("a visitor adding to the cart is sent to log in, told 로그인이 필요합니다, and back to the product page (through 회원가입 too), and nothing is stored")
    func visitorAddToCart() async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            let productPath = "/products/\(shop.apple.id)"
            _ = try await browser.get(productPath)
            let token = try #require(browser.cookies[SessionMiddleware.csrfCookie])
            let response = try await browser.post("/cart/items", form: [("_csrf", token), ("product_id", "\(shop.apple.id)"), ("quantity", "1")],
                                                  headers: [("Referer", "http://127.0.0.1:\(shop.port)\(productPath)")])
            #expect(browser.currentPath == PageContext.loginURL(returningTo: productPath))
            let page = try response.page()
            #expect(page.first("//form[@action='/login']//input[@name='next']")?.attribute("value") == productPath)
            #expect(page.text("//p[\(hasClass("sign-in-required"))]")?.hasPrefix("로그인이 필요합니다") == true)
            #expect(page.first("//p[\(hasClass("auth-switch"))]/a")?.attribute("href") == "/signup?next=%2Fproducts%2F\(shop.apple.id)")
            #expect(try await shop.shop.count("cart") == 0)
        }
    }

    @Test("a visitor's POST with a foreign Referer returns to the cart, not to the other site")
    func visitorForeignReferer() async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            let token = try await browser.csrfToken()
            _ = try await browser.post("/cart/items/1", form: [("_csrf", token), ("quantity", "1")],
                                       headers: [("Referer", "https://evil.example//evil.example/x")])
            #expect(browser.currentPath == "/login?next=%2F")
        }
    }
}
