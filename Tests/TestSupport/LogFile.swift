import Foundation
import Glibc
import Logging

/// The operator's log as the executable writes it (a `LineLogHandler`), into a temporary file a test reads back
/// line by line: for tests about what the lines look like, not only which events were logged.
public final class LogFile: Sendable {
    public let path: String
    public let handler: LineLogHandler
    private let fd: Int32

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).log").path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        handler = LineLogHandler(logLevel: .debug, fileDescriptor: fd)
    }

    deinit {
        close(fd)
        unlink(path)
    }

    public var logger: Logger { Logger(handler: handler) }

    /// Every line written so far, after a flush (each without its newline; the text must end in one).
    public func lines() -> [String] {
        handler.flush()
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Polls until `count` lines are written or `timeout` passes (the access log is written after the answer).
    public func lines(atLeast count: Int, timeout: Duration = .seconds(30)) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var lines = self.lines()
        while lines.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            lines = self.lines()
        }
        return lines
    }
}
