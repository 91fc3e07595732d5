import Foundation

/// The timestamps payment providers send (Toss's, 무통장입금's deadlines): ISO 8601 with an offset, with or without fractional seconds
/// (`2024-06-11T14:32:05+09:00`, `2024-06-11T14:32:05.123+09:00`).
///
/// Parsed with a value-type format style shared by every caller: building an `ISO8601DateFormatter` per
/// call cost ~70 µs, enough to show in a receipt page's profile.
enum ProviderTimestamp {
    private static let style = Date.ISO8601FormatStyle()

    /// The instant, or nil when the text is not such a timestamp.
    static func parse(_ text: String) -> Date? {
        try? style.parse(text)
    }
}
