import Foundation
import HTTP

/// The back office's session and CSRF, for routes tagged `StaffSessionMiddleware.area` (other requests pass by
/// untouched). Loads the staff session from the `sf_staff` cookie, issues the back office's own CSRF cookie,
/// consumes its flash, and refuses a POST whose `_csrf` does not match (403, nothing changed).
///
/// Guarantees: every cookie it sets has `Path=/admin`, `HttpOnly`, `SameSite=Strict` and `Secure` when configured,
/// so the shop's pages never send them and a cross-site page can neither post with them nor read them. A shopper's
/// cookies are never read here. On a route whose body streams (an upload) the token is the `_csrf` of the query
/// (the form's action URL), as for the shop's uploads, so it is checked before a byte of the body is read.
public struct StaffSessionMiddleware: Middleware {
    /// Marks the back office's routes.
    public static let area = RouteTag("staff-area")
    public static let sessionCookie = "sf_staff"
    public static let csrfCookie = "sf_staff_csrf"
    public static let flashCookie = "sf_staff_flash"
    public static let cookiePath = "/admin"

    static let csrfRefusal = HTTPError(.forbidden, "보안 토큰이 맞지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.")

    let staff: StaffService
    let secureCookies: Bool

    public init(staff: StaffService, secureCookies: Bool) {
        self.staff = staff
        self.secureCookies = secureCookies
    }

    /// Whether `request` is the back office's: a route of its groups, or any other path under `/admin` (a mistyped
    /// address), so a 404 there is answered in the back office's layout with the member's nav, not the shop's.
    public static func isBackOffice(_ request: Request) -> Bool {
        request.routeTags.contains(area) || request.path == "/admin" || request.path.hasPrefix("/admin/")
    }

    public func handle(_ request: Request, next: Handler) async throws -> Response {
        guard Self.isBackOffice(request) else { return try await next(request) }
        var request = request
        let cookies = request.cookies
        let existingToken = cookies[Self.csrfCookie].flatMap { SessionMiddleware.isWellFormedToken($0) ? $0 : nil }
        let csrfToken = existingToken ?? SecureToken.hex()
        if request.method == .POST {
            // An upload's body streams: its token rides in the form's action URL, checked before the body is read.
            let sent = request.bodyStream != nil ? request.query[SessionMiddleware.csrfField] ?? ""
                : try request.pageForm()[SessionMiddleware.csrfField] ?? ""
            guard let expected = existingToken, SecureToken.constantTimeEquals(sent, expected) else { throw Self.csrfRefusal }
        }
        let sessionId = cookies[Self.sessionCookie]
        let member = try await sessionId.asyncMap { try await staff.session($0) } ?? nil
        let flash = cookies[Self.flashCookie].flatMap(AdminFlash.init(rawValue:))
        request.staffVisit = StaffVisit(staff: member, sessionId: member == nil ? nil : sessionId, csrfToken: csrfToken, flash: flash)

        var response = try await next(request)
        let setting = response.headers.values(for: "Set-Cookie")
        if existingToken == nil, !setting.contains(where: { $0.hasPrefix(Self.csrfCookie + "=") }) {
            response.setCookie(cookie(Self.csrfCookie, csrfToken))
        }
        if flash != nil, !setting.contains(where: { $0.hasPrefix(Self.flashCookie + "=") }) {
            response.setCookie(cookie(Self.flashCookie, "", maxAge: 0))
        }
        if sessionId != nil, member == nil, !setting.contains(where: { $0.hasPrefix(Self.sessionCookie + "=") }) {
            response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
        }
        return response
    }

    /// A back-office cookie: Path=/admin, HttpOnly, SameSite=Strict, Secure when configured; a session cookie
    /// unless `maxAge` says otherwise.
    public func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> SetCookie {
        SetCookie(name: name, value: value, path: Self.cookiePath, maxAge: maxAge, httpOnly: true, secure: secureCookies,
                  sameSite: .strict)
    }

    /// A redirect to `path` that shows `flash` there.
    public func flashRedirect(_ path: String, _ flash: AdminFlash) -> Response {
        var response = Response.redirect(to: path)
        response.setCookie(cookie(Self.flashCookie, flash.rawValue, maxAge: 60))
        return response
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
