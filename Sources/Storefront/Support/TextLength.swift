/// The one measure of "how many characters" for text people type: Unicode code points (scalars).
///
/// It is what SQLite's `length()` counts for TEXT, so a CHECK in the schema and a check in Swift agree on every
/// input, which graphemes (Swift's `count`) do not: 👨‍👩‍👧‍👦 is one grapheme and seven code points, `é` written as
/// e + U+0301 one and two. A browser's `maxlength` counts UTF-16 code units, never fewer than code points, so a
/// field's `maxlength` of the same number can only stop typing earlier, never let through what the server refuses.
enum TextLength {
    static func of(_ text: String) -> Int { text.unicodeScalars.count }

    /// The first `limit` code points of `text`.
    static func prefix(_ text: String, _ limit: Int) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
    }
}
