import TestSupport
import Testing
@testable import Storefront

@Suite("Sign-up, sign-in and sign-out over HTTP")
struct AccountFormPageTests {
    static let goodSignup = [("signup_id", "new_user1"), ("password", "long enough"), ("name", "김철수"), ("phone", "010-2222-3333"),
                             ("agree_all", "on")]

    /// A refused `goodSignup` comes back with what was typed in each field, but never the password.
    static func expectGoodSignupKept(_ page: HTMLDocument, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.first("//input[@id='signup-id']")?.attribute("value") == "new_user1", sourceLocation: sourceLocation)
        #expect(page.first("//input[@id='name']")?.attribute("value") == "김철수", sourceLocation: sourceLocation)
        #expect(page.first("//input[@id='phone']")?.attribute("value") == "010-2222-3333", sourceLocation: sourceLocation)
        #expect(page.first("//input[@id='password']")?.attribute("value") == nil, sourceLocation: sourceLocation)
    }

    @Test("the sign-up form has a labelled input per field and the CSRF input")
    func signupForm() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/signup").page()
            let form = "//form[@action='/signup'][@method='post']"
            for (id, name) in [("signup-id", "signup_id"), ("password", "password"), ("name", "name"), ("phone", "phone")] {
                #expect(page.first("\(form)//input[@id='\(id)'][@name='\(name)']") != nil, "input \(name)")
                #expect(page.first("\(form)//label[@for='\(id)']") != nil, "label for \(id)")
            }
            #expect(page.first("\(form)//input[@type='hidden'][@name='_csrf']")?.attribute("value")?.count == 64)
        }
    }

    @Test("signing up creates the account, signs in and greets the shopper by name")
    func signupHappyPath() async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            let response = try await browser.submit("/signup", fields: Self.goodSignup)
            #expect(response.status == 200)
            #expect(browser.currentPath == "/")
            let page = try response.page()
            #expect(page.text("//div[\(hasClass("flash"))]") == Flash.signedUp.message)
            #expect(page.text("//span[\(hasClass("user-name"))]") == "김철수님")
            #expect(page.first("//form[@action='/logout']//input[@name='_csrf']") != nil)
            let account = try #require(try await shop.shop.read { db in try AccountRepository().find(db, signupId: "new_user1") })
            #expect(account.phone == "01022223333")
        }
    }

    @Test("a taken sign-up id is refused next to the field, keeping what was typed but not the password")
    func duplicateSignupId() async throws {
        try await withPageShop { shop in
            try await shop.account("new_user1")
            let accountsBefore = try await shop.shop.count("users")
            let response = try await shop.browser().submit("/signup", fields: Self.goodSignup)
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='signup-id-error']") == "이미 사용 중인 아이디입니다.")
            #expect(page.first("//input[@id='signup-id']")?.attribute("aria-invalid") == "true")
            Self.expectGoodSignupKept(page)
            #expect(try await shop.shop.count("users") == accountsBefore)
        }
    }

    @Test("past ten sign-ups from one address the form comes back with a 429 notice, keeping what was typed")
    func signupsPerAddress() async throws {
        try await withPageShop { shop in
            for number in 1...10 {
                let fields = [("signup_id", "member\(number)"), ("password", "correct horse"), ("name", "김철수"), ("phone", "01022223333"),
                              ("agree_all", "on")]
                #expect(try await shop.browser().submit("/signup", fields: fields).status == 200)
            }
            let accountsBefore = try await shop.shop.count("users")
            let response = try await shop.browser().submit("/signup", fields: Self.goodSignup)
            #expect(response.status == 429)
            let page = try response.page()
            #expect(page.text("//div[@role='alert']") == "이 네트워크에서 가입 요청이 너무 많습니다. 15분 후에 다시 시도해 주세요.")
            Self.expectGoodSignupKept(page)
            #expect(try await shop.shop.count("users") == accountsBefore)
        }
    }

    struct BadSignup: Sendable, CustomTestStringConvertible {
        let field: String
        let value: String
        let errorId: String
        let message: String
        var testDescription: String { "\(field)=\(value.debugDescription)" }
    }

    @Test("a bad sign-up field is refused with its message and no account is created", arguments: [
        BadSignup(field: "signup_id", value: "ab", errorId: "signup-id-error", message: AccountRules.signupIdMessage),
        BadSignup(field: "signup_id", value: "Bad-Id!", errorId: "signup-id-error", message: AccountRules.signupIdMessage),
        BadSignup(field: "signup_id", value: "waytoolongsignupid", errorId: "signup-id-error", message: AccountRules.signupIdMessage),
        BadSignup(field: "password", value: "short", errorId: "password-error", message: AccountRules.passwordShortMessage),
        BadSignup(field: "name", value: "   ", errorId: "name-error", message: AccountRules.nameMessage),
        BadSignup(field: "name", value: String(repeating: "👨‍👩‍👧‍👦", count: 50), errorId: "name-error", message: AccountRules.nameMessage),
        BadSignup(field: "name", value: String(repeating: "e\u{301}", count: 50), errorId: "name-error", message: AccountRules.nameMessage),
        BadSignup(field: "phone", value: "12345", errorId: "phone-error", message: AccountRules.phoneMessage),
        BadSignup(field: "phone", value: "010-abcd-3333", errorId: "phone-error", message: AccountRules.phoneMessage),
    ])
    func badSignupField(bad: BadSignup) async throws {
        try await withPageShop { shop in
            let fields = Self.goodSignup.map { $0.0 == bad.field ? ($0.0, bad.value) : $0 }
            let response = try await shop.browser().submit("/signup", fields: fields)
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@class='field-error'][@id='\(bad.errorId)']") == bad.message)
            #expect(page.xpath("//p[@class='field-error']").count == 1)
            #expect(try await shop.shop.count("users") == 0)
        }
    }

    @Test("a wrong password is refused on the login form without a session, keeping the id")
    func wrongPassword() async throws {
        try await withPageShop { shop in
            try await shop.account()
            let browser = shop.browser()
            let response = try await browser.submit("/login", fields: [("signup_id", "shopper"), ("password", "wrong horse")])
            #expect(response.status == 401)
            let page = try response.page()
            #expect(page.text("//p[@id='password-error']") == "아이디 또는 비밀번호가 올바르지 않습니다.")
            #expect(page.first("//input[@id='signup-id']")?.attribute("value") == "shopper")
            #expect(page.first("//span[\(hasClass("user-name"))]") == nil)
            #expect(browser.cookies[SessionMiddleware.sessionCookie] == nil)
        }
    }

    @Test("signing in gives a new session and a new CSRF token and greets the shopper")
    func signIn() async throws {
        try await withPageShop { shop in
            try await shop.account()
            let browser = shop.browser()
            let tokenBefore = try await browser.csrfToken()
            let response = try await browser.submit("/login", fields: [("signup_id", "shopper"), ("password", PageShop.password)])
            let page = try response.page()
            #expect(page.text("//div[\(hasClass("flash"))]") == Flash.signedIn.message)
            #expect(page.text("//span[\(hasClass("user-name"))]") == "홍길동님")
            #expect(browser.cookies[SessionMiddleware.sessionCookie] != nil)
            #expect(browser.cookies[SessionMiddleware.csrfCookie] != tokenBefore)
            #expect(page.first("//form[@action='/logout']//input[@name='_csrf']")?.attribute("value") == browser.cookies[SessionMiddleware.csrfCookie])
        }
    }

    @Test("the login page's next= leads back to a local path after signing in")
    func nextLocalPath() async throws {
        try await withPageShop { shop in
            try await shop.account()
            let browser = shop.browser()
            let form = try await browser.get("/login?next=%2Fcart").page()
            let next = try #require(form.first("//form[@action='/login']//input[@name='next']")?.attribute("value"))
            #expect(next == "/cart")
            _ = try await browser.submit("/login", fields: [("signup_id", "shopper"), ("password", PageShop.password), ("next", next)])
            #expect(browser.currentPath == "/cart")
        }
    }

    /// Each of these is another site once a WHATWG URL parser has read it (tabs and newlines dropped, `\` as `/`),
    /// as given or after one more percent-decoding; the last holds a C1 control character (NEL).
    static let foreignNextPaths = [
        "//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\t\\evil.example",
        "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example", "/%09/evil.example",
        "/%2F/evil.example", "/%5Cevil.example", "/%252F%252Fevil.example", "/x\u{85}",
    ]

    @Test("next= pointing at another site is replaced by the home page", arguments: foreignNextPaths)
    func nextForeignSite(next: String) async throws {
        try await withPageShop { shop in
            try await shop.account()
            let browser = shop.browser()
            _ = try await browser.submit("/login", fields: [("signup_id", "shopper"), ("password", PageShop.password), ("next", next)])
            #expect(browser.currentPath == "/")
        }
    }

    @Test("the login page does not carry a next= that leads to another site", arguments: ["/%09/evil.example", "/%5C%09evil.example"])
    func loginFormDropsForeignNext(next: String) async throws {
        try await withPageShop { shop in
            let form = try await shop.browser().get("/login?next=" + next).page()
            #expect(form.first("//form[@action='/login']//input[@name='next']") == nil)
        }
    }

    @Test("signing out ends the session, the old session cookie stops working and the header offers 로그인")
    func signOut() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let oldSession = try #require(browser.cookies[SessionMiddleware.sessionCookie])
            let response = try await browser.submit("/logout", fields: [])
            let page = try response.page()
            #expect(browser.currentPath == "/")
            #expect(page.text("//div[\(hasClass("flash"))]") == Flash.signedOut.message)
            #expect(page.first("//nav//a[@href='/login']") != nil)
            #expect(page.first("//span[\(hasClass("user-name"))]") == nil)
            #expect(browser.cookies[SessionMiddleware.sessionCookie] == nil)
            #expect(try await shop.shop.count("sessions") == 0)

            let replay = shop.browser()
            replay.setCookie(SessionMiddleware.sessionCookie, oldSession)
            _ = try await replay.get("/cart")
            #expect(replay.currentPath.hasPrefix("/login"))
        }
    }
}
