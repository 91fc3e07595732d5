import Foundation
import HTTP
import Synchronization

/// One line per event on standard output, `key=value` pairs, as operators grep them.
/// Secrets and card data are never passed here.
///
/// Lines are buffered and written by a background thread every 50 ms (or at 64 KB), so a request never
/// waits on a write to the terminal or a pipe; `flush()` runs at shutdown.
public enum Log {
    public static func line(_ text: String) {
        writer.append("\(timestamp()) \(text)\n")
    }

    /// The access log line for one request.
    public static func access(_ entry: AccessLogEntry) {
        line("event=request method=\(entry.method) path=\(entry.path) status=\(entry.status) "
             + "duration_ms=\(Self.twoDecimals(entry.durationMs)) remote=\(entry.remoteAddress) bytes=\(entry.bytes)")
    }

    /// Writes out everything buffered.
    public static func flush() { writer.flush() }

    static let writer = LogWriter()
    private static let stamp = Mutex<(second: Int, text: String)>((-1, ""))

    /// `value` with two decimals ("0.07"), without Foundation's locale-aware `String(format:)` on every request.
    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((max(0, value) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `2026-11-25T06:14:28Z`, formatted once per second rather than per line.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = Int(now.tv_sec)
        return stamp.withLock { cached in
            if cached.second == second { return cached.text }
            var seconds = time_t(second)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                              Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
            cached = (second, text)
            return text
        }
    }
}

/// The buffer behind `Log`: appends under a lock, a detached thread writes.
final class LogWriter: Sendable {
    private let buffer = Mutex<[UInt8]>([])
    private let writing = Mutex<Void>(())

    init() {
        let thread = Thread { [weak self] in
            while let self {
                Thread.sleep(forTimeInterval: 0.05)
                self.flush()
            }
        }
        thread.name = "log-writer"
        thread.start()
    }

    func append(_ text: String) {
        let full = buffer.withLock { buffer -> Bool in
            buffer.append(contentsOf: text.utf8)
            return buffer.count >= 64 * 1024
        }
        if full { flush() }
    }

    func flush() {
        writing.withLock { _ in
            let bytes = buffer.withLock { buffer -> [UInt8] in
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer
            }
            guard !bytes.isEmpty else { return }
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(STDOUT_FILENO, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                    if written > 0 { offset += written } else if errno != EINTR { return }
                }
            }
        }
    }
}
