import TestSupport
import Testing
@testable import Storefront

@Suite("Sign-up and sign-in forms: phone, password rule, confirmation, error summary, next")
struct SignupFormPageTests {
    static func signup(id: String = "new_user1", password: String = "long enough", confirm: String? = "long enough",
                       phone: String = "010-2222-3333") -> [(String, String)] {
        [("signup_id", id), ("password", password)] + (confirm.map { [("password_confirm", $0)] } ?? [])
            + [("name", "김철수"), ("phone", phone), ("agree_all", "on")]
    }

    @Test("the phone field takes 010-1234-5678 and 01012345678 alike and the account keeps digits only",
          arguments: ["010-1234-5678", "01012345678"])
    func phoneForms(phone: String) async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().submit("/signup", fields: Self.signup(phone: phone))
            #expect(response.status == 200)
            let account = try await shop.shop.read { [accounts = shop.shop.accounts] db in try accounts.find(db, signupId: "new_user1") }
            #expect(account?.phone == "01012345678")
        }
    }

    @Test("no phone field cuts the hyphenated form short: maxlength leaves room for 010-1234-5678")
    func phoneMaxLength() async throws {
        try await withPageShop { shop in
            let signup = try await shop.browser().get("/signup").page()
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            let checkout = try await browser.get("/checkout").page()
            for input in [signup.first("//input[@id='phone']"), checkout.first("//input[@id='customer-phone']")] {
                let maxLength = try #require(input?.attribute("maxlength").flatMap { Int($0) })
                #expect(maxLength >= "010-1234-5678".count)
            }
        }
    }

    @Test("the sign-up form has 비밀번호 확인 and states the password rule next to the password")
    func confirmationFieldAndRule() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/signup").page()
            #expect(page.first("//input[@id='password-confirm'][@name='password_confirm'][@type='password']") != nil)
            #expect(page.text("//label[@for='password-confirm']") == "비밀번호 확인")
            #expect(page.first("//input[@id='password']")?.attribute("aria-describedby") == "password-hint")
            #expect(page.text("//p[@id='password-hint']") == AccountRules.passwordRule)
        }
    }

    @Test("a 비밀번호 확인 that differs is refused by its field and creates no account")
    func confirmationMismatch() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().submit("/signup", fields: Self.signup(confirm: "long enougH"))
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='password-confirm-error']") == AccountRules.passwordConfirmationMessage)
            #expect(page.first("//input[@id='password-confirm']")?.attribute("aria-invalid") == "true")
            let account = try await shop.shop.read { [accounts = shop.shop.accounts] db in try accounts.find(db, signupId: "new_user1") }
            #expect(account == nil)
        }
    }

    @Test("12345678, password, eight spaces and the id itself are refused as passwords",
          arguments: [("12345678", AccountRules.passwordCommonMessage), ("password", AccountRules.passwordCommonMessage),
                      ("        ", AccountRules.passwordBlankMessage), ("new_user1", AccountRules.passwordSameAsIdMessage)])
    func weakPasswords(password: String, message: String) async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().submit("/signup", fields: Self.signup(password: password, confirm: password))
            #expect(response.status == 422)
            #expect(try response.page().text("//p[@id='password-error']") == message)
            let account = try await shop.shop.read { [accounts = shop.shop.accounts] db in try accounts.find(db, signupId: "new_user1") }
            #expect(account == nil)
        }
    }

    @Test("a refused form opens with a focused role=alert summary listing each refused field, linked to its input")
    func errorSummary() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().submit("/signup", fields: Self.signup(id: "X", password: "password",
                                                                                         confirm: "other", phone: "12"))
            let page = try response.page()
            let summary = try #require(page.first("//div[\(hasClass("error-summary"))]"))
            #expect(summary.attribute("role") == "alert")
            #expect(summary.attribute("autofocus") != nil)
            #expect(summary.attribute("tabindex") == "-1")
            let links = page.xpath("//div[\(hasClass("error-summary"))]//li/a")
            #expect(links.map { $0.attribute("href") } == ["#signup-id", "#password", "#password-confirm", "#phone"])
            #expect(links.first?.text.hasPrefix("아이디: ") == true)
            // Every link leads to an input that exists.
            for href in links.compactMap({ $0.attribute("href") }) {
                #expect(page.first("//input[@id='\(href.dropFirst())']") != nil, "\(href)")
            }
        }
    }

    @Test("the first view of the form has no error summary")
    func noSummaryAtFirst() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/signup").page()
            #expect(page.first("//div[\(hasClass("error-summary"))]") == nil)
        }
    }

    @Test("a wrong password on the login form is summarised too, linked to the password field")
    func loginSummary() async throws {
        try await withPageShop { shop in
            try await shop.account()
            let page = try await shop.browser().submit("/login", fields: [("signup_id", "shopper"), ("password", "wrong horse")]).page()
            #expect(page.xpath("//div[\(hasClass("error-summary"))][@role='alert']//a").map { $0.attribute("href") } == ["#password"])
        }
    }

    @Test("the sign-in page reached from the header says nothing about a required sign-in")
    func plainLogin() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/login").page()
            #expect(page.first("//p[\(hasClass("sign-in-required"))]") == nil)
            #expect(page.first("//p[\(hasClass("auth-switch"))]/a")?.attribute("href") == "/signup")
        }
    }

    @Test("next= survives a detour through sign-up: the new shopper lands back on the product")
    func nextThroughSignup() async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            let product = "/products/\(shop.apple.id)"
            let signupPage = try await browser.get("/signup?next=" + PageContext.queryEncode(product)).page()
            #expect(signupPage.first("//form[@action='/signup']//input[@name='next']")?.attribute("value") == product)
            #expect(signupPage.first("//p[\(hasClass("auth-switch"))]/a")?.attribute("href") == PageContext.loginURL(returningTo: product))
            let response = try await browser.submit("/signup", fields: Self.signup() + [("next", product)])
            #expect(response.status == 200)
            #expect(browser.currentPath == product)
            #expect(try response.page().text("//span[\(hasClass("user-name"))]") == "김철수님")
        }
    }

    @Test("a sign-up whose next= leads to another site lands on the home page", arguments: ["//evil.example", "https://evil.example/"])
    func foreignNext(next: String) async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            _ = try await browser.submit("/signup", fields: Self.signup() + [("next", next)])
            #expect(browser.currentPath == "/")
        }
    }
}
