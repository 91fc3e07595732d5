import HTTP
import TestSupport
import Testing
@testable import Storefront

/// Walks every back-office route the router lists (so a route added later is covered without touching this
/// file) as a visitor, a signed-in shopper, an operator and an owner, and checks each is refused where it must be.
@Suite("Back-office access matrix")
struct AdminAccessMatrixTests {
    /// The sign-in pages, open to anyone by design.
    static let openPatterns: Set<String> = ["/admin/login", "/admin/logout"]
    /// Areas only an owner may use; everything else in the back office is for operators too.
    static let ownerOnlyPrefixes = ["/admin/staff"]

    private func adminRoutes(_ shop: PageShop) -> [RouteDescription] {
        shop.routes.filter { $0.tags.contains(StaffSessionMiddleware.area) && !Self.openPatterns.contains($0.pattern) }
    }

    /// A concrete path for a pattern: parameters and the rest wildcard get a value no record has.
    private func path(_ pattern: String) -> String {
        "/" + pattern.split(separator: "/").map { $0.hasPrefix(":") || $0 == "*" ? "zz-none" : String($0) }.joined(separator: "/")
    }

    private func isOwnerOnly(_ pattern: String) -> Bool {
        Self.ownerOnlyPrefixes.contains { pattern == $0 || pattern.hasPrefix($0 + "/") }
    }

    /// Asks every admin route once as `browser` (with the back office's CSRF token on POSTs, so only access decides:
    /// in the form, and in the query where an upload route's streamed body carries it).
    private func walk(_ shop: PageShop, _ browser: TestBrowser) async throws -> [(RouteDescription, TestResponse)] {
        let token = try await browser.adminCSRFToken()
        var answers: [(RouteDescription, TestResponse)] = []
        for route in adminRoutes(shop) {
            let form: [(String, String)]? = route.method == .GET ? nil : [("_csrf", token)]
            let target = route.method == .GET ? path(route.pattern) : path(route.pattern) + "?_csrf=" + token
            answers.append((route, try await browser.unfollowed(route.method.rawValue, target, form: form)))
        }
        return answers
    }

    private func sentToSignIn(_ response: TestResponse) -> Bool {
        response.status == 303 && response.headers["Location"]?.hasPrefix("/admin/login") == true
    }

    @Test("the router lists the back office's routes, the staff and audit areas among them")
    func routesAreListed() async throws {
        try await withPageShop { shop in
            let patterns = Set(adminRoutes(shop).map(\.pattern))
            #expect(patterns.isSuperset(of: ["/admin", "/admin/staff", "/admin/audit"]))
        }
    }

    @Test("a visitor is sent to the sign-in page by every back-office route")
    func anonymous() async throws {
        try await withPageShop { shop in
            for (route, response) in try await walk(shop, shop.browser()) {
                #expect(sentToSignIn(response), "\(route.method) \(route.pattern) answered \(response.status)")
            }
        }
    }

    @Test("a signed-in shopper is sent to the back office's sign-in page by every route, never shown one")
    func shopper() async throws {
        try await withPageShop { shop in
            for (route, response) in try await walk(shop, try await shop.signedInBrowser()) {
                #expect(sentToSignIn(response), "\(route.method) \(route.pattern) answered \(response.status)")
            }
        }
    }

    @Test("an operator gets 403 from every owner-only route and is let into every other")
    func `operator`() async throws {
        try await withPageShop { shop in
            for (route, response) in try await walk(shop, try await shop.staffBrowser("ops", role: .operator)) {
                if isOwnerOnly(route.pattern) {
                    #expect(response.status == 403, "\(route.method) \(route.pattern) answered \(response.status)")
                } else {
                    #expect(response.status != 403 && !sentToSignIn(response), "\(route.method) \(route.pattern) answered \(response.status)")
                }
            }
        }
    }

    @Test("an owner is let into every route")
    func owner() async throws {
        try await withPageShop { shop in
            for (route, response) in try await walk(shop, try await shop.staffBrowser("boss", role: .owner)) {
                #expect(response.status != 403 && !sentToSignIn(response), "\(route.method) \(route.pattern) answered \(response.status)")
            }
        }
    }
}
