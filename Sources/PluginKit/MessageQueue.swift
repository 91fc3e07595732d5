/// One event on the queue: an outbox row on its way to consumers.
public struct QueueMessage: Sendable, Equatable {
    /// The outbox event id: consumers record it to apply each event once.
    public var id: String
    /// e.g. `order.paid`, `stock.changed`.
    public var topic: String
    public var body: [UInt8]

    public init(id: String, topic: String, body: [UInt8]) {
        self.id = id
        self.topic = topic
        self.body = body
    }
}

/// What a consumer says about a delivered message.
public enum QueueAck: Sendable, Equatable {
    /// Done; never deliver it to this group again.
    case ack
    /// Not now (a dependency is down): deliver it again later.
    case retry
}

/// A message broker the transactional outbox publishes to (`inprocess`, `rabbitmq`).
///
/// Contract:
/// - `publish` returns only once the broker holds the message durably (publisher confirm); a throw means it
///   may not, and the outbox publishes it again, so delivery is at least once.
/// - Every consumer group receives each message whose topic it subscribed to; within a group one consumer
///   handles it. A message is redelivered until the handler answers `.ack`, so handlers must be idempotent.
/// - Topics match exactly, or by prefix with a trailing `*` (`order.*`).
public protocol MessageQueue: Sendable {
    func publish(_ message: QueueMessage) async throws(QueueError)
    func subscribe(group: String, topics: [String],
                   handler: @escaping @Sendable (QueueMessage) async -> QueueAck) async throws(QueueError)
    /// Stops delivering, lets running handlers finish, releases connections.
    func shutdown() async
}

extension QueueMessage {
    /// Whether a subscription to `pattern` (`order.paid` or `order.*`) receives this message.
    public func matches(_ pattern: String) -> Bool {
        pattern.hasSuffix("*") ? topic.hasPrefix(pattern.dropLast()) : topic == pattern
    }
}

/// Why a queue call failed.
public struct QueueError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case unavailable, full, closed, protocolError }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "queue \(kind): \(message)" }
}
