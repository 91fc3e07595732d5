import Foundation
import HTTP
import Logging
import Mustache

/// Renders a page template inside the shared layout, adding what every page shows: the shopper's
/// name, the cart badge, the CSRF token for forms, and the flash message. All text goes through the
/// template engine, which HTML-escapes it.
public struct PageRenderer: Sendable {
    let templates: MustacheLibrary
    let cart: CartService
    let logger: Logger

    public init(templates: MustacheLibrary, cart: CartService, logger: Logger) {
        self.templates = templates
        self.cart = cart
        self.logger = logger
    }

    /// Renders `template` (e.g. `pages/catalog`) with `values` merged over the layout's context.
    public func page(_ template: String, title: String, _ values: [String: MustacheValue] = [:],
                     for request: Request, status: HTTPStatus = .ok) async -> Response {
        var context = await layoutContext(title: title, for: request)
        for (key, value) in values { context[key] = value }
        return templates.htmlResponse(template, context, status: status, expectedBytes: 32 * 1024, logger: logger)
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
        await page("pages/error", title: Self.title(for: status), Self.errorValues(status, message: message),
                   for: request, status: status)
    }

    /// What `pages/error` shows for `status`: the code, the Korean heading, and `message` or the status's
    /// Korean default when it is empty.
    static func errorValues(_ status: HTTPStatus, message: String) -> [String: MustacheValue] {
        [
            "statusCode": .int(status.code),
            "heading": .string(title(for: status)),
            "message": .string(message.isEmpty ? defaultMessage(for: status) : message),
        ]
    }

    /// A whole page as every visitor without a session or a flash sees it, for the page cache: the layout with
    /// no shopper, an empty cart and no CSRF token, so nothing in it belongs to one visitor. Nil (logged) when
    /// the template fails.
    func visitorPage(_ template: String, title: String, _ values: [String: MustacheValue]) -> [UInt8]? {
        var context = Self.visitorLayout(title: title)
        for (key, value) in values { context[key] = value }
        return templates.renderOrLog(template, context, expectedBytes: 32 * 1024, logger: logger)
    }

    /// The layout's values for a visitor: no shopper, an empty cart, no flash and no CSRF token.
    static func visitorLayout(title: String) -> [String: MustacheValue] {
        ["title": .string(title), "csrfToken": .string(""), "cartCount": .int(0), "flash": .array([])]
    }

    func layoutContext(title: String, for request: Request) async -> [String: MustacheValue] {
        let context = request.context
        var values = Self.visitorLayout(title: title)
        values["csrfToken"] = .string(context.csrfToken)
        if let session = context.session {
            values["user"] = .object(["name": .string(session.name), "signupId": .string(session.signupId)])
            values["cartCount"] = .int((try? await cart.count(userId: session.userId)) ?? 0)
        }
        if let flash = context.flash {
            values["flash"] = .array([.object(["kind": .string(flash.kind), "message": .string(flash.message)])])
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
        case 408: "요청 시간이 초과되었습니다"
        case 409: "요청을 처리할 수 없습니다"
        case 411: "요청 길이가 필요합니다"
        case 413: "요청이 너무 큽니다"
        case 414: "주소가 너무 깁니다"
        case 415: "지원하지 않는 형식입니다"
        case 422: "입력 내용을 확인해 주세요"
        case 429: "요청이 너무 많습니다"
        case 431: "요청 헤더가 너무 큽니다"
        case 501: "지원하지 않는 요청 방식입니다"
        case 505: "지원하지 않는 HTTP 버전입니다"
        default: "일시적인 오류가 발생했습니다"
        }
    }

    static func defaultMessage(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "요청을 이해할 수 없습니다."
        case 403: "이 작업을 할 권한이 없습니다."
        case 404: "주소가 바뀌었거나 없는 페이지입니다."
        case 405: "이 주소는 그 방법으로 요청할 수 없습니다."
        case 408: "요청이 제시간에 도착하지 않았습니다. 다시 시도해 주세요."
        case 411: "보낸 내용의 길이를 알 수 없어 처리하지 않았습니다."
        case 413: "보낸 내용이 너무 큽니다."
        case 414: "주소가 너무 깁니다."
        case 415: "이 형식의 내용은 받을 수 없습니다."
        case 431: "요청 헤더가 너무 큽니다. 쿠키를 지운 뒤 다시 시도해 주세요."
        case 501: "이 서버가 처리할 수 없는 방식으로 보낸 요청입니다."
        case 505: "이 서버는 HTTP/1.0과 HTTP/1.1만 지원합니다."
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
        case .throttled, .tooManySignups: .tooManyRequests
        case .unauthorized: .unauthorized
        case .unavailable: .internalServerError
        }
    }
}

extension PageRenderer {
    /// The error page without the per-user layout parts (no database, no session), for failures that
    /// happen before or outside a page handler: router 404/405, bad forms, CSRF, and the requests the
    /// HTTP server refuses before routing (where there is no request, so `csrfToken` stays empty). Only
    /// renders an in-memory template, so it may run on an event-loop thread.
    static func plainErrorPage(templates: MustacheLibrary, status: HTTPStatus, message: String,
                               csrfToken: String = "") -> Response {
        var values = visitorLayout(title: title(for: status))
        for (key, value) in errorValues(status, message: message) { values[key] = value }
        values["csrfToken"] = .string(csrfToken)
        var body = [UInt8]()
        do {
            try templates.renderBytes("pages/error", .object(values), into: &body)
        } catch {
            return Response.text("\(status.code) \(title(for: status))", status: status)
        }
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: body)
    }
}
