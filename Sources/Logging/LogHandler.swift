/// A log backend: receives events that passed its level and writes them somewhere. The one protocol every
/// backend conforms to (as swift-log's `LogHandler`); callers only ever see a `Logger`.
///
/// Contract: `log` is called from any thread, including HTTP event loops and request tasks, so it must not
/// block on its output (buffer and write elsewhere, as `LineLogHandler` does). The handler alone turns the
/// event into text and is responsible for escaping every key and value it writes.
public protocol LogHandler: Sendable {
    /// Events below this level are dropped by the `Logger` before their metadata is built.
    var logLevel: Logger.Level { get }

    /// Writes one event. `metadata` holds the logger's metadata followed by the event's own.
    func log(level: Logger.Level, event: String, metadata: Logger.Metadata)
}

/// Drops everything: for code paths whose logging a test or a tool does not care about.
public struct DiscardingLogHandler: LogHandler {
    public init() {}
    public var logLevel: Logger.Level { .error }
    public func log(level: Logger.Level, event: String, metadata: Logger.Metadata) {}
}
