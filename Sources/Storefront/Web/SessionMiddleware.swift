import Foundation
import HTTP

/// Loads the shopper's session from the `sf_session` cookie, issues the CSRF cookie, consumes the
/// flash cookie, and rejects any POST whose `_csrf` field does not match (403, nothing changed; for an upload,
/// whose body streams, the `_csrf` of the query, checked before a byte of the body is read).
///
/// CSRF uses the double-submit pattern: a random `sf_csrf` cookie (HttpOnly, SameSite=Lax) that every
/// form echoes; a cross-site page can neither read the cookie nor set it on our origin. The token is
/// rotated with the session on sign-in and sign-out. A visitor without one gets it with the first response that
/// asked for it (`CSRFToken`: every page in the layout does); a redirect, or a response shared by every visitor
/// (`Response.isShared`, the cached catalog page), gets no cookie.
///
/// Routes tagged `sessionless` (callers without our cookies: a provider's webhook, a load balancer's health check)
/// and routes tagged `ownSession` (the back office, which has its own session and CSRF token) pass through
/// untouched: no shopper's session is loaded for them and no CSRF cookie issued.
public struct SessionMiddleware: Middleware {
    /// Marks a group called by servers without our cookies (a provider's webhook, a health check), which verifies
    /// its callers otherwise or needs no verifying: no session, no CSRF cookie, no CSRF check.
    public static let sessionless = RouteTag("sessionless")
    /// Marks a group with a session of its own (the back office): the shopper's session and CSRF do not apply.
    public static let ownSession = RouteTag("own-session")

    public static let sessionCookie = "sf_session"
    public static let csrfCookie = "sf_csrf"
    public static let flashCookie = "sf_flash"
    public static let csrfField = "_csrf"

    let sessions: SessionService
    let secureCookies: Bool

    public init(sessions: SessionService, secureCookies: Bool) {
        self.sessions = sessions
        self.secureCookies = secureCookies
    }

    public func handle(_ request: Request, next: Handler) async throws -> Response {
        if request.routeTags.contains(Self.ownSession) || request.routeTags.contains(Self.sessionless) {
            return try await next(request)
        }
        var request = request
        let cookies = request.cookies
        let existingToken = cookies[Self.csrfCookie].flatMap { Self.isWellFormedToken($0) ? $0 : nil }
        let csrf = CSRFToken(existing: existingToken)

        if request.method == .POST {
            // An unreadable body is a bad request, not a forgery; say so instead of blaming the token. An upload's
            // body streams to its handler unread, so its form carries the token in its action URL instead (the
            // access log records paths without queries, and the Referrer-Policy keeps it off other origins).
            let sent = request.bodyStream != nil ? request.query[Self.csrfField] ?? "" : try request.pageForm()[Self.csrfField] ?? ""
            guard let expected = existingToken, SecureToken.constantTimeEquals(sent, expected) else {
                throw HTTPError(.forbidden, "보안 토큰이 맞지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.")
            }
        }

        var session: Session?
        var staleSessionCookie = false
        if let id = cookies[Self.sessionCookie] {
            if let loaded = try await sessions.load(id) {
                session = loaded
            } else {
                staleSessionCookie = true
            }
        }
        let flash = cookies[Self.flashCookie].flatMap(Flash.init(rawValue:))
        request.context = RequestContext(session: session, csrf: csrf, flash: flash)

        var response = try await next(request)
        if csrf.wasMinted, !response.isShared, response.headers.values(for: "Set-Cookie").allSatisfy({ !$0.hasPrefix(Self.csrfCookie + "=") }) {
            response.setCookie(cookie(Self.csrfCookie, csrf.value, maxAge: nil))
        }
        if flash != nil { response.setCookie(cookie(Self.flashCookie, "", maxAge: 0)) }
        if staleSessionCookie, !response.headers.values(for: "Set-Cookie").contains(where: { $0.hasPrefix(Self.sessionCookie + "=") }) {
            response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
        }
        return response
    }

    static let unreadableFormMessage = "보낸 내용을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요."

    /// A cookie with the house attributes (HttpOnly, SameSite=Lax, Path=/, Secure when configured).
    public func cookie(_ name: String, _ value: String, maxAge: Int?) -> SetCookie {
        SetCookie(name: name, value: value, path: "/", maxAge: maxAge, httpOnly: true, secure: secureCookies, sameSite: .lax)
    }

    /// A redirect to `path` that shows `flash` there.
    public func flashRedirect(_ path: String, _ flash: Flash) -> Response {
        var response = Response.redirect(to: path)
        response.setCookie(cookie(Self.flashCookie, flash.rawValue, maxAge: 60))
        return response
    }

    /// Session ids and CSRF tokens are 64 lowercase hex characters; anything else is ignored unread.
    static func isWellFormedToken(_ value: String) -> Bool {
        value.utf8.count == 64 && value.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}

extension Request {
    /// The body as a form, or a 400 with a message a shopper can act on: the HTTP layer's own form errors
    /// are English and speak of media types and escapes, which means nothing on a page.
    func pageForm() throws(HTTPError) -> Parameters {
        do {
            return try form()
        } catch {
            throw HTTPError(.badRequest, SessionMiddleware.unreadableFormMessage)
        }
    }
}
