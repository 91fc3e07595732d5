import TestSupport
import Testing
@testable import Storefront

@Suite("Sessions, cookies and security headers over HTTP")
struct SessionPageTests {
    @Test("every page carries the CSP, nosniff, referrer policy and frame-ancestors 'none'", arguments: ["/", "/products/999999", "/login"])
    func securityHeaders(path: String) async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get(path)
            let csp = try #require(response.headers["Content-Security-Policy"])
            #expect(csp.contains("default-src 'self'"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["Referrer-Policy"] != nil)
        }
    }

    @Test("the session and CSRF cookies are HttpOnly and SameSite=Lax")
    func cookieAttributes() async throws {
        try await withPageShop { shop in
            try await shop.account()
            let browser = shop.browser()
            let token = try await browser.csrfToken()
            let response = try await TestHTTPClient.request(
                port: shop.port, "POST", "/login",
                headers: [("Cookie", "\(SessionMiddleware.csrfCookie)=\(token)"), ("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(TestBrowser.formEncode([("_csrf", token), ("signup_id", "shopper"), ("password", PageShop.password)]).utf8))
            #expect(response.status == 303)
            let cookies = response.headers.values(for: "Set-Cookie")
            for name in [SessionMiddleware.sessionCookie, SessionMiddleware.csrfCookie] {
                let cookie = try #require(cookies.first { $0.hasPrefix(name + "=") })
                #expect(cookie.contains("HttpOnly"), "\(name)")
                #expect(cookie.contains("SameSite=Lax"), "\(name)")
                #expect(cookie.contains("Path=/"), "\(name)")
            }
        }
    }

    @Test("a session id planted before signing in is not the one used after it")
    func noSessionFixation() async throws {
        try await withPageShop { shop in
            try await shop.account()
            let browser = shop.browser()
            let planted = String(repeating: "0f", count: 32)
            browser.setCookie(SessionMiddleware.sessionCookie, planted)
            _ = try await browser.submit("/login", fields: [("signup_id", "shopper"), ("password", PageShop.password)])
            let session = try #require(browser.cookies[SessionMiddleware.sessionCookie])
            #expect(session != planted)
            #expect(session.count == 64)
        }
    }

    @Test("five wrong passwords lock the account: the right one is then refused with 429 and no session")
    func loginThrottled() async throws {
        try await withPageShop { shop in
            try await shop.account()
            let browser = shop.browser()
            for _ in 1...5 {
                _ = try await browser.submit("/login", fields: [("signup_id", "shopper"), ("password", "wrong horse")])
            }
            let response = try await browser.submit("/login", fields: [("signup_id", "shopper"), ("password", PageShop.password)])
            #expect(response.status == 429)
            let message = try #require(try response.page().text("//p[@id='password-error']"))
            #expect(message.hasPrefix("로그인 시도가 너무 많습니다."))
            #expect(browser.cookies[SessionMiddleware.sessionCookie] == nil)
        }
    }

    @Test("a search for markup echoes it as text in the heading and the search box")
    func searchTextEscaped() async throws {
        try await withPageShop { shop in
            let text = "<script>alert(1)</script>"
            let page = try await shop.browser().get("/?q=\(PageContext.queryEncode(text))").page()
            #expect(page.text("//h1[@id='results-heading']") == "‘\(text)’ 검색 결과")
            #expect(page.first("//input[@id='search-q']")?.attribute("value") == text)
            #expect(page.xpath("//script[not(@src)]").isEmpty)
        }
    }

    @Test("a cart line whose stock ran out since adding says so, and checkout answers 재고 부족")
    func stockMovedSinceAdding() async throws {
        try await withPageShop { shop in
            let slow = try await shop.signedInBrowser("slow")
            try await slow.addToCart(shop.apple, "5")
            let fast = try await shop.signedInBrowser("fast")
            _ = try await shop.placeOrder(fast, shop.apple, quantity: 8)

            let cart = try await slow.get("/cart").page()
            #expect(cart.text("//p[@id='quantity-\(shop.apple.id)-error']") == "재고가 부족합니다. (남은 수량: 2개)")
            let response = try await slow.submit("/checkout", fields: [
                ("customer_name", "느림보"), ("customer_phone", "01012345678"), ("method", shop.method.id),
            ] + CheckoutFields.delivery)
            #expect(response.status == 409)
            #expect(try response.page().text("//p[@id='method-error']")?.hasPrefix("재고 부족") == true)
            #expect(try await shop.orders("slow").isEmpty)
        }
    }
}
