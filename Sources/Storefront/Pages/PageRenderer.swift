import Foundation
import HTTP
import Mustache

/// Renders a page template inside the shared layout, adding what every page shows: the shopper's
/// name, the cart badge, the CSRF token for forms, and the flash message. All text goes through the
/// template engine, which HTML-escapes it.
public struct PageRenderer: Sendable {
    let templates: MustacheLibrary
    let cart: CartService
    let log: @Sendable (String) -> Void

    public init(templates: MustacheLibrary, cart: CartService, log: @escaping @Sendable (String) -> Void) {
        self.templates = templates
        self.cart = cart
        self.log = log
    }

    /// Renders `template` (e.g. `pages/catalog`) with `values` merged over the layout's context.
    public func page(_ template: String, title: String, _ values: [String: MustacheValue] = [:],
                     for request: Request, status: HTTPStatus = .ok) async -> Response {
        var context = await layoutContext(title: title, for: request)
        for (key, value) in values { context[key] = value }
        do {
            var body = [UInt8]()
            body.reserveCapacity(32 * 1024)
            try templates.renderBytes(template, .object(context), into: &body)
            var response = Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: body)
            response.headers.set("Cache-Control", "no-store")
            return response
        } catch {
            // A template fault is ours, never the shopper's: log where it is, show a plain 500.
            log("event=template_error template=\(template) error=\"\(error)\"")
            return Response.text("일시적인 오류가 발생했습니다.", status: .internalServerError)
        }
    }

    /// Renders a fragment that is the same for every shopper (no layout, no session values), for the
    /// fragment cache. Throws the template's error, located.
    func fragment(_ template: String, _ values: [String: MustacheValue]) throws -> [UInt8] {
        var body = [UInt8]()
        body.reserveCapacity(24 * 1024)
        try templates.renderBytes(template, .object(values), into: &body)
        return body
    }

    /// The error page in the layout, for 400/403/404/405/413/429/500 and friends.
    public func error(_ status: HTTPStatus, message: String, for request: Request) async -> Response {
        let title = Self.title(for: status)
        return await page("pages/error", title: title, [
            "statusCode": .int(status.code),
            "heading": .string(title),
            "message": .string(message.isEmpty ? Self.defaultMessage(for: status) : message),
        ], for: request, status: status)
    }

    func layoutContext(title: String, for request: Request) async -> [String: MustacheValue] {
        let context = request.context
        var values: [String: MustacheValue] = [
            "title": .string(title),
            "csrfToken": .string(context.csrfToken),
            "cartCount": .int(0),
        ]
        if let session = context.session {
            values["user"] = .object(["name": .string(session.name), "signupId": .string(session.signupId)])
            values["cartCount"] = .int((try? await cart.count(userId: session.userId)) ?? 0)
        }
        if let flash = context.flash {
            values["flash"] = .array([.object(["kind": .string(flash.kind), "message": .string(flash.message)])])
        } else {
            values["flash"] = .array([])
        }
        return values
    }

    static func title(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "잘못된 요청입니다"
        case 401: "로그인이 필요합니다"
        case 403: "접근할 수 없습니다"
        case 404: "페이지를 찾을 수 없습니다"
        case 405: "허용되지 않는 요청입니다"
        case 409: "요청을 처리할 수 없습니다"
        case 413: "요청이 너무 큽니다"
        case 422: "입력 내용을 확인해 주세요"
        case 429: "요청이 너무 많습니다"
        default: "일시적인 오류가 발생했습니다"
        }
    }

    static func defaultMessage(for status: HTTPStatus) -> String {
        switch status.code {
        case 404: "주소가 바뀌었거나 없는 페이지입니다."
        case 405: "이 주소는 그 방법으로 요청할 수 없습니다."
        case 413: "보낸 내용이 너무 큽니다."
        case 400: "요청 형식이 올바르지 않습니다."
        case 403: "이 작업을 할 권한이 없습니다."
        default: "잠시 후 다시 시도해 주세요."
        }
    }
}

extension ShopError {
    /// The HTTP status a shop error is shown with.
    public var status: HTTPStatus {
        switch self {
        case .validation: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .throttled: .tooManyRequests
        case .unauthorized: .unauthorized
        case .unavailable: .internalServerError
        }
    }
}

extension PageRenderer {
    /// The error page without the per-user layout parts (no database, no session), for failures
    /// that happen before or outside a page handler: router 404/405, bad forms, CSRF, 413.
    static func plainErrorPage(templates: MustacheLibrary, status: HTTPStatus, message: String, request: Request) -> Response {
        let title = Self.title(for: status)
        let context: MustacheValue = .object([
            "title": .string(title),
            "statusCode": .int(status.code),
            "heading": .string(title),
            "message": .string(message.isEmpty ? Self.defaultMessage(for: status) : message),
            "csrfToken": .string(request.context.csrfToken),
            "cartCount": .int(0),
            "flash": .array([]),
        ])
        var body = [UInt8]()
        do {
            try templates.renderBytes("pages/error", context, into: &body)
        } catch {
            return Response.text("\(status.code) \(title)", status: status)
        }
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: body)
    }
}
