/// An error a handler throws to answer with a given status, e.g. a malformed form body (400).
/// `message` is for the person on the other end and must not leak internals.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String
    public init(_ status: HTTPStatus, _ message: String = "") { self.status = status; self.message = message }
    public var description: String { message.isEmpty ? status.description : "\(status): \(message)" }
}
