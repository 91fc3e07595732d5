import Foundation
import HTTP
import TestSupport
import Testing
@testable import Storefront

@Suite("Back-office sign-in over HTTP")
struct AdminSignInPageTests {
    @Test("a visitor asking for the back office is sent to its sign-in page and back")
    func anonymousIsRedirected() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().unfollowed("GET", "/admin")
            #expect(response.status == 303)
            #expect(response.headers["Location"] == "/admin/login?next=%2Fadmin")
        }
    }

    @Test("an owner signs in with a session cookie for /admin only, HttpOnly and SameSite=Strict, and sees the dashboard")
    func ownerSignsIn() async throws {
        try await withPageShop { shop in
            try await shop.member("kim", role: .owner, name: "김소유")
            let browser = shop.browser()
            let token = try await browser.adminCSRFToken()
            let response = try await browser.unfollowed("POST", "/admin/login", form: [("_csrf", token), ("staff_id", "kim"),
                                                                                      ("password", PageShop.staffPassword)])
            #expect(response.status == 303)
            #expect(response.headers["Location"] == "/admin")
            let cookie = try #require(response.headers.values(for: "Set-Cookie").first { $0.hasPrefix("sf_staff=") })
            #expect(cookie.contains("Path=/admin"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            browser.setCookie(StaffSessionMiddleware.sessionCookie, String(cookie.dropFirst("sf_staff=".count).prefix(64)))
            let dashboard = try await browser.get("/admin")
            #expect(dashboard.status == 200)
            let page = try dashboard.page()
            #expect(page.text("//h1") == "대시보드")
            #expect(page.text("//span[@class='user-name']") == "김소유 (소유자)")
            #expect(page.xpath("//h1").count == 1)
            #expect(dashboard.headers["X-Robots-Tag"] == "noindex, nofollow")
            #expect(try await shop.audit(.init(staffId: "kim", action: .signIn)).count == 1)
        }
    }

    @Test("Secure is added to the back-office cookies when the shop runs behind HTTPS")
    func secureCookies() async throws {
        try await withPageShop(configure: { $0.server.secureCookies = true }) { shop in
            let response = try await shop.browser().get("/admin/login")
            let cookie = try #require(response.headers.values(for: "Set-Cookie").first { $0.hasPrefix("sf_staff_csrf=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("Path=/admin"))
        }
    }

    @Test("a wrong password shows the form again with one message, the id kept, and is audited as a failure")
    func wrongPassword() async throws {
        try await withPageShop { shop in
            try await shop.member("kim", role: .operator)
            let browser = shop.browser()
            let response = try await browser.adminSubmit("/admin/login", fields: [("staff_id", "kim"), ("password", "nope nope")])
            #expect(response.status == 401)
            let page = try response.page()
            #expect(page.text("//p[@id='login-error']") == ShopError.unauthorized.message)
            #expect(page.first("//input[@id='staff-id']")?.attribute("value") == "kim")
            #expect(browser.cookies[StaffSessionMiddleware.sessionCookie] == nil)
            let failures = try await shop.audit(.init(action: .signInFailed))
            #expect(failures.map(\.entry.target) == ["staff:kim"])
        }
    }

    @Test("five failures lock the staff id for 15 minutes, the right password included, as for shoppers")
    func lockout() async throws {
        try await withPageShop { shop in
            try await shop.member("kim", role: .operator)
            let browser = shop.browser()
            for _ in 0..<5 {
                _ = try await browser.adminSubmit("/admin/login", fields: [("staff_id", "kim"), ("password", "wrong wrong")])
            }
            let response = try await browser.adminSubmit("/admin/login", fields: [("staff_id", "kim"), ("password", PageShop.staffPassword)])
            #expect(response.status == 429)
            #expect(browser.cookies[StaffSessionMiddleware.sessionCookie] == nil)
        }
    }

    @Test("a disabled member cannot sign in, and their open session ends")
    func disabledMember() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("lee", role: .operator)
            try await shop.member("boss", role: .owner)
            try await shop.staff.setActive(id: "lee", false, by: nil, address: "test")
            let response = try await browser.unfollowed("GET", "/admin")
            #expect(response.status == 303)
            #expect(response.headers["Location"]?.hasPrefix("/admin/login") == true)
            let again = shop.browser()
            let refused = try await again.adminSubmit("/admin/login", fields: [("staff_id", "lee"), ("password", PageShop.staffPassword)])
            #expect(refused.status == 401)
        }
    }

    @Test("a shopper's session never opens the back office, and a shopper's password does not sign in there")
    func shopperIsRefused() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.unfollowed("GET", "/admin")
            #expect(response.status == 303)
            #expect(response.headers["Location"]?.hasPrefix("/admin/login") == true)
            let signIn = try await browser.adminSubmit("/admin/login", fields: [("staff_id", "shopper"), ("password", PageShop.password)])
            #expect(signIn.status == 401)
        }
    }

    @Test("a sign-in form posted without the back office's token is refused and signs nobody in")
    func csrfRequired() async throws {
        try await withPageShop { shop in
            try await shop.member("kim", role: .owner)
            let browser = shop.browser()
            _ = try await browser.get("/admin/login")
            let response = try await browser.post("/admin/login", form: [("staff_id", "kim"), ("password", PageShop.staffPassword)])
            #expect(response.status == 403)
            #expect(browser.cookies[StaffSessionMiddleware.sessionCookie] == nil)
        }
    }

    @Test("signing out ends the session on the server and is audited")
    func signOut() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("kim")
            let session = try #require(browser.cookies[StaffSessionMiddleware.sessionCookie])
            let response = try await browser.adminSubmit("/admin/logout", fields: [])
            #expect(response.status == 200)
            #expect(try response.page().text("//div[contains(@class,'flash')]") == AdminFlash.signedOut.message)
            #expect(try await shop.staff.session(session) == nil)
            #expect(try await shop.audit(.init(staffId: "kim", action: .signOut)).count == 1)
        }
    }

    @Test("next leads back to the back-office page asked for, never outside it")
    func nextStaysInside() {
        #expect(AdminSessionPages.next("/admin/audit?page=2") == "/admin/audit?page=2")
        #expect(AdminSessionPages.next("/cart") == "/admin")
        #expect(AdminSessionPages.next("//evil.example/admin") == "/admin")
        #expect(AdminSessionPages.next("/administrator") == "/admin")
        #expect(AdminSessionPages.next(nil) == "/admin")
    }
}
