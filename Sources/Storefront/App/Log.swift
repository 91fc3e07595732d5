import Dispatch
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

/// The buffer behind `Log`: callers append under a lock and return at once; a thread of its own writes.
///
/// Guarantee: `append` never writes or waits on the output, so a slow or stuck standard output (a full pipe,
/// a paused log collector) cannot stall an event loop or a request. The writer wakes every 50 ms, or as soon
/// as 64 KB are waiting; while the output is stuck, lines beyond `capacity` bytes are dropped and counted,
/// and the count is written as `event=log_dropped lines=N` once the output moves again.
final class LogWriter: Sendable {
    private struct Pending {
        var bytes: [UInt8] = []
        var dropped = 0
    }

    private let pending = Mutex(Pending())
    private let writing = Mutex<Void>(())
    private let wake = DispatchSemaphore(value: 0)
    private let output: Int32
    let capacity: Int
    static let wakeAt = 64 * 1024

    init(output: Int32 = STDOUT_FILENO, capacity: Int = 8 << 20) {
        self.output = output
        self.capacity = capacity
        let thread = Thread { [weak self] in
            while let writer = self {
                _ = writer.wake.wait(timeout: .now() + .milliseconds(50))
                writer.flush()
            }
        }
        thread.name = "log-writer"
        thread.start()
    }

    func append(_ text: String) {
        let crossed = pending.withLock { pending -> Bool in
            let before = pending.bytes.count
            guard before + text.utf8.count <= capacity else {
                pending.dropped += 1
                return false
            }
            pending.bytes.append(contentsOf: text.utf8)
            return before < Self.wakeAt && pending.bytes.count >= Self.wakeAt
        }
        if crossed { wake.signal() }
    }

    /// Writes out everything waiting (the writer thread, and `Log.flush()` at shutdown).
    func flush() {
        writing.withLock { _ in
            let (bytes, dropped) = pending.withLock { pending -> ([UInt8], Int) in
                defer { pending = Pending(bytes: [], dropped: 0); pending.bytes.reserveCapacity(Self.wakeAt) }
                return (pending.bytes, pending.dropped)
            }
            write(bytes)
            if dropped > 0 { write(Array("\(Log.timestamp()) event=log_dropped lines=\(dropped)\n".utf8)) }
        }
    }

    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(output, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written > 0 { offset += written } else if errno != EINTR { return }
            }
        }
    }
}
