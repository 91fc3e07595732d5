import HTTP
import Mustache

/// The back office's sign-in and sign-out (`/admin/login`, `/admin/logout`). A new session id is issued at
/// sign-in (the previous one deleted) and the CSRF cookie is rotated with it; `next` may only lead into `/admin`.
struct AdminSessionPages: Sendable {
    let staff: StaffService
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    func register(in group: inout RouterGroup<StaffVisit>) {
        group.get("/login") { request, visit in
            let next = Self.next(request.query["next"])
            if visit.staff != nil { return .redirect(to: next) }
            return form(request, staffId: "", next: next, message: nil, status: .ok)
        }
        group.post("/login") { request, visit in try await signIn(request, visit: visit) }
        group.post("/logout") { request, visit in try await signOut(request, visit: visit) }
    }

    /// A local path inside the back office, else the dashboard.
    static func next(_ candidate: String?) -> String {
        let path = ReturnPath.local(candidate)
        return path == "/admin" || path.hasPrefix("/admin/") || path.hasPrefix("/admin?") ? path : "/admin"
    }

    func form(_ request: Request, staffId: String, next: String, message: String?, status: HTTPStatus) -> Response {
        renderer.page("admin/login", title: "관리자 로그인", [
            "form": .object([
                "staffId": .string(staffId),
                "next": next == "/admin" ? .null : .string(next),
                "error": message.map(MustacheValue.string) ?? .null,
            ]),
        ], for: request, status: status)
    }

    func signIn(_ request: Request, visit: StaffVisit) async throws -> Response {
        let form = try request.pageForm()
        let staffId = form[StaffService.idField] ?? ""
        let next = Self.next(form["next"])
        let member: StaffMember
        do {
            member = try await staff.signIn(id: staffId, password: form[StaffService.passwordField] ?? "",
                                            address: request.remoteAddress)
        } catch {
            if case .unavailable = error { throw error }
            return self.form(request, staffId: TextLength.prefix(staffId, 30), next: next, message: error.message, status: error.status)
        }
        let sessionId = try await staff.startSession(for: member, replacing: request.cookies[StaffSessionMiddleware.sessionCookie],
                                                     address: request.remoteAddress)
        var response = cookies.flashRedirect(next, .signedIn)
        response.setCookie(cookies.cookie(StaffSessionMiddleware.sessionCookie, sessionId))
        response.setCookie(cookies.cookie(StaffSessionMiddleware.csrfCookie, SecureToken.hex()))
        return response
    }

    func signOut(_ request: Request, visit: StaffVisit) async throws -> Response {
        if let id = request.cookies[StaffSessionMiddleware.sessionCookie] {
            try await staff.endSession(id, member: visit.staff, address: request.remoteAddress)
        }
        var response = cookies.flashRedirect("/admin/login", .signedOut)
        response.setCookie(cookies.cookie(StaffSessionMiddleware.sessionCookie, "", maxAge: 0))
        response.setCookie(cookies.cookie(StaffSessionMiddleware.csrfCookie, SecureToken.hex()))
        return response
    }
}
