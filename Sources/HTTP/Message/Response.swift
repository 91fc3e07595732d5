/// A complete HTTP response built by a handler. The server adds `Date`, `Server`, `Content-Length`
/// and `Connection` itself; a handler sets only what is about its content.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The same bytes answer every client (a page cached for all visitors): a middleware must not attach a
    /// per-client cookie to it, and a client that needs one gets it from a page of its own.
    public var isShared = false

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A UTF-8 text response with the given content type.
    public init(status: HTTPStatus = .ok, contentType: String, body: String) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(body.utf8))
    }

    /// An HTML page (`text/html; charset=utf-8`).
    public static func html(_ body: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    /// Plain text (`text/plain; charset=utf-8`).
    public static func text(_ body: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: body)
    }

    /// JSON bytes already encoded (`application/json`).
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A redirect; `303 See Other` by default, the right answer to a POST.
    public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> Response {
        Response(status: status, headers: ["Location": location])
    }
}

/// What answers requests: the router, a middleware chain, or a single closure.
public typealias Handler = @Sendable (Request) async throws -> Response

/// A step around a handler: sees the request first and the response last
/// (request logging, security headers, sessions, error pages).
public protocol Middleware: Sendable {
    func handle(_ request: Request, next: Handler) async throws -> Response
}
