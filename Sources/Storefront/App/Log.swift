import Foundation
import HTTP

/// One line per event on standard output, `key=value` pairs, as operators grep them.
/// Secrets and card data are never passed here.
public enum Log {
    public static func line(_ text: String) {
        let stamp = Date().formatted(.iso8601)
        FileHandle.standardOutput.write(Data("\(stamp) \(text)\n".utf8))
    }

    /// The access log line for one request.
    public static func access(_ entry: AccessLogEntry) {
        line("event=request method=\(entry.method) path=\(entry.path) status=\(entry.status) "
             + "duration_ms=\(String(format: "%.2f", entry.durationMs)) remote=\(entry.remoteAddress) bytes=\(entry.bytes)")
    }
}
