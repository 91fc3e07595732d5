import Foundation
import HTTP
import Logging
import Mustache

/// Renders a back-office template (`admin/…`) inside `admin/layout`, adding what every back-office page shows:
/// the signed-in member and role, the nav (owner-only areas for owners), the CSRF token and the flash. As on the
/// storefront, every value goes through the template engine, which escapes it.
public struct AdminRenderer: Sendable {
    let templates: MustacheLibrary
    let logger: Logger

    public init(templates: MustacheLibrary, logger: Logger) {
        self.templates = templates
        self.logger = logger
    }

    /// Renders `template` with `values` over the layout's context. `area` names the nav entry to mark current
    /// (`dashboard`, `staff`, `audit`, …).
    public func page(_ template: String, title: String, area: String? = nil, _ values: [String: MustacheValue] = [:],
                     for request: Request, status: HTTPStatus = .ok) -> Response {
        var context = layoutContext(title: title, area: area, for: request)
        for (key, value) in values { context[key] = value }
        return templates.htmlResponse(template, context, status: status, expectedBytes: 16 * 1024, logger: logger)
    }

    /// The error page in the back office's layout.
    public func error(_ status: HTTPStatus, message: String, for request: Request) -> Response {
        page("admin/error", title: PageRenderer.title(for: status), PageRenderer.errorValues(status, message: message),
             for: request, status: status)
    }

    func layoutContext(title: String, area: String?, for request: Request) -> [String: MustacheValue] {
        let visit = request.staffVisit
        var values: [String: MustacheValue] = [
            "title": .string(title),
            "csrfToken": .string(visit.csrfToken),
            "flash": .array(visit.flash.map { [.object(["kind": .string($0.kind), "message": .string($0.message)])] } ?? []),
            "navCurrent": .object(area.map { [$0: .bool(true)] } ?? [:]),
        ]
        if let staff = visit.staff {
            values["staff"] = .object([
                "id": .string(staff.id), "name": .string(staff.name), "roleLabel": .string(staff.role.label),
                "isOwner": .bool(staff.role == .owner),
            ])
        }
        return values
    }
}
