/// What code calls to log an event: a level, an event name and metadata, handed to one `LogHandler`.
///
/// Guarantees: the caller never formats a line. The event name and every metadata key and value travel
/// separately to the handler, which alone decides how they are written and escapes them, so nothing a
/// shopper or a server sends (a path, an amount, an error text) can start a line of its own. Metadata is
/// only built when the handler's level lets the event through. A `Logger` is a small value: pass it in
/// where it is needed rather than reaching for a global.
public struct Logger: Sendable {
    /// How much an event matters, lowest first. A handler writes events at or above its `logLevel`.
    public enum Level: UInt8, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case debug, info, notice, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            }
        }

        /// The level named `text` (`debug` … `error`), or nil.
        public init?(name text: String) {
            guard let level = Level.allCases.first(where: { $0.description == text }) else { return nil }
            self = level
        }
    }

    /// Where events go.
    public var handler: any LogHandler
    /// Metadata put on every event this logger writes, before the event's own (e.g. `plugin=redis`).
    public var metadata: Metadata

    /// A logger over `handler`.
    public init(handler: any LogHandler, metadata: Metadata = [:]) {
        self.handler = handler
        self.metadata = metadata
    }

    /// A logger over the handler `LoggingSystem` makes for `label` (the executable bootstraps it once).
    public init(label: String) {
        self.init(handler: LoggingSystem.handler(for: label))
    }

    /// A logger that writes nothing, for tools and tests that do not look at the log.
    public static var discarding: Logger { Logger(handler: DiscardingLogHandler()) }

    /// This logger with `extra` added to the metadata of every event.
    public func with(_ extra: Metadata) -> Logger {
        var copy = self
        copy.metadata.append(contentsOf: extra)
        return copy
    }

    /// Writes `event` at `level` if the handler's level lets it through.
    @inlinable
    public func log(_ level: Level, _ event: String, _ metadata: @autoclosure () -> Metadata = [:]) {
        guard level >= handler.logLevel else { return }
        if self.metadata.isEmpty {
            handler.log(level: level, event: event, metadata: metadata())
        } else {
            var all = self.metadata
            all.append(contentsOf: metadata())
            handler.log(level: level, event: event, metadata: all)
        }
    }

    /// Detail only useful while chasing a problem.
    @inlinable public func debug(_ event: String, _ metadata: @autoclosure () -> Metadata = [:]) { log(.debug, event, metadata()) }
    /// Normal operation: a request served, an order paid.
    @inlinable public func info(_ event: String, _ metadata: @autoclosure () -> Metadata = [:]) { log(.info, event, metadata()) }
    /// Normal but worth an operator's eye: a server recovered, startup settings.
    @inlinable public func notice(_ event: String, _ metadata: @autoclosure () -> Metadata = [:]) { log(.notice, event, metadata()) }
    /// Something went wrong and was handled: an outage with a fallback, a refused callback.
    @inlinable public func warning(_ event: String, _ metadata: @autoclosure () -> Metadata = [:]) { log(.warning, event, metadata()) }
    /// Something failed that someone must look at: a payment that could not be recorded.
    @inlinable public func error(_ event: String, _ metadata: @autoclosure () -> Metadata = [:]) { log(.error, event, metadata()) }
}
