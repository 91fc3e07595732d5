import Foundation

/// Calendar days in Korea time (UTC+9, no daylight saving), which is how the shop's people count days: the
/// dashboard's "today" and "this week", the audit page's date filters.
enum KoreaDate {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul") ?? TimeZone(secondsFromGMT: 9 * 3600) ?? .gmt
        calendar.firstWeekday = 2 // a Korean week starts on Monday
        return calendar
    }()

    /// The start of the day `date` falls on.
    static func startOfDay(_ date: Date) -> Date { calendar.startOfDay(for: date) }

    /// The start of the Monday-first week `date` falls in.
    static func startOfWeek(_ date: Date) -> Date {
        calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? startOfDay(date)
    }

    /// `date` moved by whole days.
    static func adding(days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date) ?? date.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    /// The start of the day an HTML date field sent (`2026-12-02`), or nil for anything else.
    /// What a list filter says when a date in its query could not be read (typed by hand in the address bar; the
    /// form's date fields never send one): the list goes on without that condition, and says so.
    static func unreadableNotice(_ texts: String?...) -> String? {
        let unreadable = texts.contains { text in
            guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
            return parse(text) == nil
        }
        return unreadable ? "날짜는 2026-12-02처럼 써 주세요. 읽지 못한 날짜 조건은 빼고 보여 드립니다." : nil
    }

    static func parse(_ text: String?) -> Date? {
        guard let text, text.utf8.count == 10 else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (2000...2100).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    /// `2026-12-02`, as a date field shows it.
    static func field(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `12/2`, for chart labels.
    static func short(_ date: Date) -> String {
        let c = calendar.dateComponents([.month, .day], from: date)
        return "\(c.month ?? 0)/\(c.day ?? 0)"
    }
}
