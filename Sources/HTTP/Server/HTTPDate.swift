import Glibc
import Synchronization

/// IMF-fixdate (RFC 9110 §5.6.7) formatting and parsing without Foundation formatters, for `Date`,
/// `Last-Modified` and `If-Modified-Since`.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for seconds since the epoch.
    static func format(_ epochSeconds: Int) -> String {
        var time = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = days[Int(parts.tm_wday) % 7], month = months[Int(parts.tm_mon) % 12]
        return "\(day), \(two(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Seconds since the epoch for an IMF-fixdate, or nil for anything else (obsolete formats are ignored,
    /// which only costs a full response instead of a 304).
    static func parse(_ text: String) -> Int? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT", let day = Int(fields[1]), let year = Int(fields[3]),
              let month = months.firstIndex(of: String(fields[2])) else { return nil }
        let clock = fields[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2])
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int(timegm(&parts))
    }
}

/// The `Date` header line, formatted once per second and shared by every thread.
final class DateHeaderCache: Sendable {
    private let cached = Mutex<(second: Int, line: [UInt8])>((second: -1, line: []))

    /// `Date: …\r\n` for the current second.
    func line() -> [UInt8] {
        let now = Int(time(nil))
        return cached.withLock { entry in
            if entry.second != now {
                entry = (second: now, line: Array("Date: \(HTTPDate.format(now))\r\n".utf8))
            }
            return entry.line
        }
    }
}
