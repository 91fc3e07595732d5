import Glibc
import Synchronization

/// `2026-11-25T06:14:28Z`, the UTC second every log line starts with.
enum LogTimestamp {
    private static let stamp = Mutex<(second: Int, text: String)>((-1, ""))

    /// Formatted once per second rather than per line: the access log writes thousands of lines a second.
    static func now() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = Int(now.tv_sec)
        return stamp.withLock { cached in
            if cached.second == second { return cached.text }
            let text = format(second)
            cached = (second, text)
            return text
        }
    }

    static func format(_ second: Int) -> String {
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
