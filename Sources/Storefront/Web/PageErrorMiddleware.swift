import HTTP
import Logging

/// The one place a page's failure becomes what the visitor sees. Handlers throw (`HTTPError`, `ShopError`, or
/// anything else); this middleware, inside the session middleware, renders the error page in the visitor's layout
/// (signed in or not, storefront or back office: `render` chooses) and logs the reason once.
///
/// Guarantees: an `HTTPError` redirect is answered as it is; an `HTTPError` or `ShopError` shows its status and
/// Korean message (with the error's headers); `ShopError.unavailable` and any other error show a 500 that says
/// nothing of the cause, and their reason is logged at `error` with the method and path; the router's bare 404
/// and 405 are rendered too, keeping `Allow`. 4xx answers are not logged here: the access log has their status.
public struct PageErrorMiddleware: Middleware {
    /// Renders the error page for a status and a message already safe to show (empty: the status's default).
    public typealias Render = @Sendable (HTTPStatus, String, Request) async -> Response

    let render: Render
    let logger: Logger

    public init(logger: Logger, render: @escaping Render) {
        self.logger = logger
        self.render = render
    }

    public func handle(_ request: Request, next: Handler) async throws -> Response {
        let response: Response
        do {
            response = try await next(request)
        } catch let error as HTTPError {
            if error.isRedirect { return error.response }
            if error.status.code >= 500 { logFailure(request, reason: error.description) }
            var rendered = await render(error.status, error.status.code >= 500 ? "" : error.message, request)
            for (name, value) in error.headers { rendered.headers.add(name, value) }
            return rendered
        } catch let error as ShopError {
            if case .unavailable(let reason) = error { logFailure(request, reason: reason) }
            return await render(error.status, error.message, request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logFailure(request, reason: String(describing: error))
            return await render(.internalServerError, "", request)
        }
        guard response.body.isEmpty,
              response.status == .notFound || response.status == .methodNotAllowed else { return response }
        var rendered = await render(response.status, "", request)
        if let allow = response.headers["Allow"] { rendered.headers.set("Allow", allow) }
        return rendered
    }

    private func logFailure(_ request: Request, reason: String) {
        logger.error("page_error", ["method": .string(request.method.rawValue), "path": .string(request.path),
                                    "reason": .string(reason)])
    }
}
