/// Turns failures into pages: a thrown `HTTPError` becomes `render(status, message, request)` with the error's
/// headers added (a redirect is answered as it is), any other error becomes a 500 whose message says nothing
/// about the cause, and the router's bare 404/405 (empty body) are rendered too, keeping their `Allow` header.
/// Place it first (outermost) so it sees everything.
public struct ErrorMiddleware: Middleware {
    private let render: @Sendable (HTTPStatus, String, Request) -> Response

    public init(render: @escaping @Sendable (HTTPStatus, String, Request) -> Response) {
        self.render = render
    }

    public func handle(_ request: Request, next: Handler) async throws -> Response {
        let response: Response
        do {
            response = try await next(request)
        } catch let error as HTTPError {
            if error.isRedirect { return error.response }
            var rendered = render(error.status, error.message, request)
            for (name, value) in error.headers { rendered.headers.add(name, value) }
            return rendered
        } catch {
            return render(.internalServerError, "Something went wrong on our side.", request)
        }
        guard response.body.isEmpty,
              response.status == .notFound || response.status == .methodNotAllowed else { return response }
        var rendered = render(response.status, "", request)
        if let allow = response.headers["Allow"] { rendered.headers.set("Allow", allow) }
        return rendered
    }
}

/// Adds the security headers every page should carry: the given Content-Security-Policy (put
/// `frame-ancestors` there), `X-Content-Type-Options: nosniff`, `Referrer-Policy:
/// strict-origin-when-cross-origin` and `X-Frame-Options: DENY` for older browsers. A header the handler set
/// itself is left alone.
public struct SecurityHeadersMiddleware: Middleware {
    private let fields: [(String, String)]

    public init(contentSecurityPolicy: String) {
        fields = [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("X-Frame-Options", "DENY"),
        ]
    }

    public func handle(_ request: Request, next: Handler) async throws -> Response {
        var response = try await next(request)
        apply(to: &response)
        return response
    }

    /// Adds the headers to a response built outside the middleware chain (e.g. by a
    /// `ServerConfiguration.protocolErrorResponder`), leaving alone any the response already has.
    public func apply(to response: inout Response) {
        for (name, value) in fields where !response.headers.contains(name) {
            response.headers.add(name, value)
        }
    }
}
