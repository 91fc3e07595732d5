import HTTP
import Logging
import Mustache

extension MustacheLibrary {
    /// `template` rendered over `context` as an uncacheable HTML response: what both the storefront's and the back
    /// office's renderers answer with. A template fault is ours, never the visitor's: it is logged with where it
    /// is, and the answer is a plain 500.
    func htmlResponse(_ template: String, _ context: [String: MustacheValue], status: HTTPStatus,
                      expectedBytes: Int, logger: Logger) -> Response {
        guard let body = renderOrLog(template, context, expectedBytes: expectedBytes, logger: logger) else {
            return Response.text("일시적인 오류가 발생했습니다.", status: .internalServerError)
        }
        return .page(body, status: status)
    }

    /// `template` rendered over `context`, or nil when it fails, the fault logged as `template_error` with where
    /// it is.
    func renderOrLog(_ template: String, _ context: [String: MustacheValue], expectedBytes: Int, logger: Logger) -> [UInt8]? {
        do {
            var body = [UInt8]()
            body.reserveCapacity(expectedBytes)
            try renderBytes(template, .object(context), into: &body)
            return body
        } catch {
            logger.error("template_error", ["template": .string(template), "error": "\(error)"])
            return nil
        }
    }
}

extension Response {
    /// A rendered HTML page, never stored by a browser or proxy (prices and stock change under it).
    static func page(_ body: [UInt8], status: HTTPStatus = .ok) -> Response {
        var response = Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: body)
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
