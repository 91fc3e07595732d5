import Foundation
import Testing
import TestSupport
@testable import Storefront

/// Sign-up, sign-in, sign-out and the CSRF rule, through the real server.
@Suite("Account pages", .timeLimit(.minutes(1)))
struct AccountPageTests {
    func signup(_ browser: TestBrowser, id: String, password: String = "correct horse", name: String = "김철수",
                phone: String = "01098765432") async throws -> TestResponse {
        _ = try await browser.get("/signup")
        return try await browser.post("/signup", form: [("signup_id", id), ("password", password), ("name", name), ("phone", phone),
                                                        ("_csrf", browser.cookies[SessionMiddleware.csrfCookie] ?? "")])
    }

    @Test("signing up creates the account and signs the visitor in")
    func signupWorks() async throws {
        try await withLiveShop { live in
            let browser = TestBrowser(port: live.server.port)
            let response = try await signup(browser, id: "newbie")
            #expect(response.status == 200)
            #expect(browser.cookies["sf_session"] != nil)
            #expect(try await live.shop.count("users") == 2)
        }
    }

    @Test("a taken id or a bad field re-shows the form with a message next to the field and creates nothing", arguments: [
        ("shopper", "correct horse", "01098765432", "signup-id-error"),
        ("ab", "correct horse", "01098765432", "signup-id-error"),
        ("goodid", "short", "01098765432", "password-error"),
        ("goodid2", "correct horse", "12", "phone-error"),
    ])
    func signupRefused(id: String, password: String, phone: String, errorId: String) async throws {
        try await withLiveShop { live in
            let browser = TestBrowser(port: live.server.port)
            let response = try await signup(browser, id: id, password: password, phone: phone)
            #expect(response.status == 422 || response.status == 409 || response.status == 400)
            #expect(try HTMLDocument(response).first("//*[@id='\(errorId)']") != nil)
            #expect(try await live.shop.count("users") == 1)
        }
    }

    @Test("a wrong password re-shows the sign-in form and sets no session")
    func wrongPassword() async throws {
        try await withLiveShop { live in
            let browser = TestBrowser(port: live.server.port)
            _ = try await browser.get("/login")
            let response = try await browser.post("/login", form: [("signup_id", "shopper"), ("password", "wrong password"),
                                                                  ("_csrf", browser.cookies[SessionMiddleware.csrfCookie] ?? "")])
            #expect(response.status == 401 || response.status == 400 || response.status == 422)
            #expect(try HTMLDocument(response).first("//form[@action='/login']") != nil)
            #expect(browser.cookies["sf_session"] == nil)
        }
    }

    @Test("signing out ends the session: the cart asks to sign in again")
    func logout() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            _ = try await shopper.shopBrowser.post("/logout", form: [("_csrf", shopper.csrf)])
            shopper.shopBrowser.maxRedirects = 0
            let cart = try await TestHTTPClient.request(port: live.server.port, "GET", "/cart",
                                                        headers: [("Cookie", shopper.shopBrowser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))])
            #expect(cart.status == 303 || cart.status == 302)
            #expect(cart.headers["Location"]?.hasPrefix("/login") == true)
        }
    }

    @Test("a POST without the CSRF token is 403 and changes nothing", arguments: ["/signup", "/login", "/cart/items", "/checkout"])
    func csrfRequired(path: String) async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            let before = try await (live.shop.count("users"), live.shop.count("cart"), live.shop.count("web_payment"))
            let response = try await shopper.shopBrowser.post(path, form: [
                ("signup_id", "csrfless"), ("password", "correct horse"), ("name", "x"), ("phone", "01011112222"),
                ("product_id", String(live.product.id)), ("quantity", "1"), ("customer_name", "x"), ("customer_phone", "01011112222"),
                ("method", "toss.card"),
            ])
            #expect(response.status == 403)
            let after = try await (live.shop.count("users"), live.shop.count("cart"), live.shop.count("web_payment"))
            #expect(before == after)
        }
    }

    @Test("visitors who are not signed in are sent to sign in from the cart, checkout and orders", arguments: ["/cart", "/checkout", "/orders"])
    func signInRequired(path: String) async throws {
        try await withLiveShop { live in
            let response = try await TestHTTPClient.request(port: live.server.port, "GET", path)
            #expect(response.status == 303 || response.status == 302)
            #expect(response.headers["Location"]?.hasPrefix("/login") == true)
        }
    }
}
