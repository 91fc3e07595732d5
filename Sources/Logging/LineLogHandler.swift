import Glibc

/// The operator's log: each event as one `LogLine` on standard output (or another descriptor), written by a
/// `LogWriter` so that logging never waits on the output.
///
/// Guarantees: one line per event whatever its values hold (see `LogLine`); `log` formats and appends under a
/// short lock and returns, never writing itself; `flush()` writes out what is buffered (at shutdown).
public struct LineLogHandler: LogHandler {
    public let logLevel: Logger.Level
    let writer: LogWriter

    /// A handler writing to `fileDescriptor` (standard output by default) through a writer thread of its own.
    /// The descriptor stays the caller's: the handler never closes it.
    public init(logLevel: Logger.Level = .info, fileDescriptor: Int32 = STDOUT_FILENO) {
        self.logLevel = logLevel
        writer = LogWriter(output: fileDescriptor)
    }

    public func log(level: Logger.Level, event: String, metadata: Logger.Metadata) {
        writer.append(LogLine.format(timestamp: LogTimestamp.now(), level: level, event: event, metadata: metadata))
    }

    /// Writes out everything buffered, returning once it is written.
    public func flush() { writer.flush() }
}
