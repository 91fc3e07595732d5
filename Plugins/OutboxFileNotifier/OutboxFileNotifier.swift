import Dispatch
import Foundation
import Glibc
import Logging
import PluginKit

/// `notifier.plugin: "outbox-file"`: appends each notice as one JSON line to a file (`notifier.options.path`) that an
/// operator's own script reads and sends on, as 알림톡 or e-mail, with whatever account the shop has.
///
/// Guarantees:
/// - One notice is one line: JSON with sorted keys and dates in ISO 8601; JSON escapes every control character,
///   so no value can end a line or forge another.
/// - `send` returns only after the line is written whole and `fsync`'d, so a delivered notice survives a crash.
/// - Safe with several instances appending to the same file: the file is opened with `O_APPEND` for each notice
///   and the line written under an exclusive `flock`, so lines never interleave. Opening per notice also follows
///   an operator's log rotation (rename, then a new file appears on the next notice).
/// - The file is created `0640` when missing; a path whose directory is missing or not writable is a startup
///   error naming `notifier.options.path`. Writes run on a thread of their own, never on a Swift task's.
public final class OutboxFileNotifier: Notifier {
    let path: String
    let logger: Logger
    private let queue = DispatchQueue(label: "outbox-file-notifier")

    public init(options: PluginOptions, logger: Logger) throws(PluginError) {
        try options.only(["path"])
        path = try options.requiredString("path")
        self.logger = logger
        // Fail at startup, not at the first paid order.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw PluginError(keyPath: "\(options.keyPath).path", "cannot open \"\(path)\" for appending: \(String(cString: strerror(errno)))")
        }
        close(fd)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    public func send(_ notice: Notice) async throws(NotifierError) {
        let line: [UInt8]
        do { line = Array(try Self.encoder.encode(notice)) + [0x0A] } catch { throw NotifierError("cannot encode notice \(notice.id): \(error)") }
        let path = self.path
        let failure: String? = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Self.append(line, to: path)) }
        }
        if let failure {
            logger.warning("notice_file_write_failed", ["notice_id": .string(notice.id), "error": .string(failure)])
            throw NotifierError(failure)
        }
    }

    /// Appends `line` whole under an exclusive lock and syncs it; the reason it could not, or nil.
    static func append(_ line: [UInt8], to path: String) -> String? {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { return "open: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { return "flock: \(String(cString: strerror(errno)))" }
        }
        defer { flock(fd, LOCK_UN) }
        var written = 0
        while written < line.count {
            let result = line.withUnsafeBytes { bytes in
                write(fd, bytes.baseAddress.map { $0 + written }, line.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                return "write: \(String(cString: strerror(errno)))"
            }
            written += result
        }
        return fsync(fd) == 0 ? nil : "fsync: \(String(cString: strerror(errno)))"
    }

    public func shutdown() async {}
}
