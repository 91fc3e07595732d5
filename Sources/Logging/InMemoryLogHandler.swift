import Synchronization

/// Keeps every event in memory, typed, for tests to read back (as swift-log's `InMemoryLogHandler`).
///
/// Guarantees: events are kept in the order `log` was called, with the logger's metadata first; the handler
/// is safe to share between threads; nothing is formatted or dropped.
public final class InMemoryLogHandler: LogHandler {
    /// One event as it was logged.
    public struct Entry: Sendable, Equatable {
        public var level: Logger.Level
        public var event: String
        public var metadata: Logger.Metadata
    }

    public let logLevel: Logger.Level
    private let storage = Mutex<[Entry]>([])

    public init(logLevel: Logger.Level = .debug) {
        self.logLevel = logLevel
    }

    public func log(level: Logger.Level, event: String, metadata: Logger.Metadata) {
        storage.withLock { $0.append(Entry(level: level, event: event, metadata: metadata)) }
    }

    /// A logger writing here.
    public var logger: Logger { Logger(handler: self) }

    /// Everything logged so far.
    public var entries: [Entry] { storage.withLock { $0 } }

    /// The events named `event`, in order.
    public func entries(_ event: String) -> [Entry] { entries.filter { $0.event == event } }
}
