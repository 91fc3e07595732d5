/// The one measure of "how many characters" for text people type: Unicode code points (scalars).
///
/// It is what SQLite's `length()` counts for TEXT, so a CHECK in the schema and a check in Swift agree on every
/// input, which graphemes (Swift's `count`) do not: 👨‍👩‍👧‍👦 is one grapheme and seven code points, `é` written as
/// e + U+0301 one and two. A browser's `maxlength` counts UTF-16 code units, never fewer than code points, so a
/// field's `maxlength` of the same number can only stop typing earlier, never let through what the server refuses.
/// Text bound for a JavaScript API with a length limit (Toss's `orderName`) is measured as JavaScript does, in
/// UTF-16 units (`truncated(_:utf16Units:)`).
enum TextLength {
    static func of(_ text: String) -> Int { text.unicodeScalars.count }

    /// The first `limit` code points of `text`.
    static func prefix(_ text: String, _ limit: Int) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
    }

    /// `text` when it fits in `limit` UTF-16 units, else its longest beginning of whole characters that fits
    /// with "…" (one unit) after it.
    static func truncated(_ text: String, utf16Units limit: Int) -> String {
        if text.utf16.count <= limit { return text }
        var kept = "", used = 0
        for character in text {
            let size = character.utf16.count
            guard used + size < limit else { break }
            kept.append(character)
            used += size
        }
        return kept + "…"
    }
}
