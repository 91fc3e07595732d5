import Foundation
import HTTP
import TestSupport
import Testing
@testable import Storefront

extension PageShop {
    static let staffPassword = "back office 1"

    /// The staff service over this shop's database, with fast bcrypt.
    var staff: StaffService { StaffService(database: shop.database, passwordCost: 4) }

    /// Creates a member through the service (as `storefront staff add` does).
    @discardableResult
    func member(_ id: String, role: StaffRole, name: String = "김직원") async throws -> StaffMember {
        try await staff.add(id: id, name: name, role: role, password: Self.staffPassword, by: nil, address: "test")
    }

    /// A browser signed in to the back office as a new member `id` through the real login form.
    func staffBrowser(_ id: String = "owner1", role: StaffRole = .owner) async throws -> TestBrowser {
        try await member(id, role: role)
        let browser = browser()
        let response = try await browser.adminSubmit("/admin/login", fields: [("staff_id", id), ("password", Self.staffPassword)])
        try #require(response.status == 200)
        try #require(browser.cookies[StaffSessionMiddleware.sessionCookie] != nil)
        return browser
    }

    /// The audit log's entries, newest first.
    func audit(_ filter: AuditLog.Filter = .init()) async throws -> [AuditRecord] {
        try await shop.read { db in try AuditLog.entries(db, filter, limit: 500, offset: 0).records }
    }
}

extension TestBrowser {
    /// The back office's CSRF token, read from the sign-in form (or any admin page's logout form).
    func adminCSRFToken() async throws -> String {
        let page = try HTMLDocument(try await get("/admin/login"))
        if let token = page.first("//form[@action='/admin/login']//input[@name='_csrf']")?.attribute("value") { return token }
        let signedIn = try HTMLDocument(try await get("/admin"))
        return try #require(signedIn.first("//form[@action='/admin/logout']//input[@name='_csrf']")?.attribute("value"))
    }

    /// Posts a back-office form with its CSRF token.
    func adminSubmit(_ path: String, fields: [(String, String)]) async throws -> TestResponse {
        try await post(path, form: [("_csrf", try await adminCSRFToken())] + fields)
    }
}

extension TestBrowser {
    /// One request with the browser's cookies, its answer returned as it is (a redirect not followed, cookies not kept).
    func unfollowed(_ method: String, _ path: String, form: [(String, String)]? = nil) async throws -> TestResponse {
        var headers: [(String, String)] = []
        if !cookies.isEmpty {
            headers.append(("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")))
        }
        var body: [UInt8] = []
        if let form {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(Self.formEncode(form).utf8)
        }
        return try await TestHTTPClient.request(port: port, method, path, headers: headers, body: body)
    }
}
