/// An error a handler throws to answer with a given status, e.g. a malformed form body (400), or to send the
/// visitor elsewhere (`redirect(to:)`, e.g. to a sign-in page). `message` is for the person on the other end and
/// must not leak internals; `headers` go on the answer whichever middleware renders it (`Location`, `Allow`,
/// `Set-Cookie`).
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, _ message: String = "", headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// A refusal that sends the browser to `location` (303 See Other): what a route group's context resolver throws
    /// for a visitor who must sign in first.
    public static func redirect(to location: String) -> HTTPError {
        HTTPError(.seeOther, headers: ["Location": location])
    }

    /// Whether the error is a redirect, answered as it is rather than as an error page.
    public var isRedirect: Bool { status.code >= 300 && status.code < 400 }

    /// The bare answer: status and headers, no body. Error middleware answers a redirect with it as it is.
    public var response: Response { Response(status: status, headers: headers) }

    public var description: String { message.isEmpty ? status.description : "\(status): \(message)" }
}
