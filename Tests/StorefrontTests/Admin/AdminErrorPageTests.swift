import Foundation
import HTTP
import TestSupport
import Testing
@testable import Storefront

@Suite("Back-office error pages")
struct AdminErrorPageTests {
    @Test("a mistyped address under /admin is a 404 in the back office's layout, with the member's nav")
    func notFound() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let response = try await browser.get("/admin/no-such-page")
            #expect(response.status == 404)
            let page = try response.page()
            #expect(page.first("//body[\(hasClass("admin"))]") != nil)
            #expect(page.first("//nav[\(hasClass("admin-nav"))]") != nil)
            #expect(page.text("//p[\(hasClass("error-code"))]") == "404")
        }
    }

    @Test("an operator on an owner's page gets 403 in the back office's layout")
    func forbidden() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let response = try await browser.get("/admin/staff")
            #expect(response.status == 403)
            #expect(try response.page().first("//body[\(hasClass("admin"))]") != nil)
        }
    }

    @Test("a back-office form posted without its CSRF token is refused with 403 in the back office's layout")
    func csrfRefused() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser()
            let response = try await browser.post("/admin/products/new", form: [("name", "사과")])
            #expect(response.status == 403)
            #expect(try response.page().first("//body[\(hasClass("admin"))]") != nil)
            #expect(try await shop.shop.count("product") == 4)
        }
    }

    @Test("a 404 elsewhere keeps the storefront's layout")
    func storefrontNotFound() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/no-such-page")
            #expect(response.status == 404)
            #expect(try response.page().first("//body[\(hasClass("admin"))]") == nil)
        }
    }
}
