/// One parsed HTTP request as a handler sees it. The body is complete in `body` (the server reads it before
/// calling the handler, within `maxBodyBytes`), except on a route that streams its body
/// (`ServerConfiguration.streamedBodyLimit`): there `body` is empty and `bodyStream` delivers it as it arrives.
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The request target in origin-form, e.g. `/products/3?page=2` (never decoded). An absolute-form target
    /// (`http://shop/products/3?page=2`) arrives as the same origin-form, its authority in the `Host` field.
    public var target: String
    /// The percent-decoded path without the query, e.g. `/products/3`.
    public var path: String
    /// The raw query string after `?`, without it; empty when none.
    public var rawQuery: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The body as it arrives, on a route that streams it; nil when the body is in `body`.
    public var bodyStream: RequestBodyStream?
    /// Path parameters filled by the router (`/products/:id` → `["id": "3"]`).
    public var parameters: [String: String] = [:]
    /// The peer's address, e.g. `127.0.0.1`.
    public var remoteAddress: String
    /// Values middleware attaches for later handlers (the session, the CSRF token…), by key.
    public var attributes: [String: any Sendable] = [:]
    /// When set, the router notes there which route answered (see `RouteNote`).
    public var routeNote: RouteNote?
    /// The tags of the route this request goes to, set by the router before its middleware runs (see `RouteTag`).
    public var routeTags: Set<RouteTag> = []
    /// The router's early choice of route, reused by its dispatch.
    var routeResolution: RouteResolution?

    public init(method: HTTPMethod, target: String, path: String, rawQuery: String, version: HTTPVersion = .http11,
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String = "127.0.0.1") {
        self.method = method
        self.target = target
        self.path = path
        self.rawQuery = rawQuery
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }
}

extension Request {
    /// Reads the body piece by piece whichever way it came: `body` as one piece, or `bodyStream`'s pieces.
    public func readBody(_ consume: ([UInt8]) async throws -> Void) async throws {
        if let bodyStream {
            while let piece = try await bodyStream.next() { try await consume(piece) }
        } else if !body.isEmpty {
            try await consume(body)
        }
    }
}

/// The protocol version of a request line.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http10 = HTTPVersion(major: 1, minor: 0)
    public static let http11 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}
