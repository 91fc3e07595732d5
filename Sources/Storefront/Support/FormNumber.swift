/// Strict parsing of numbers that arrive as text in paths, query strings and forms.
///
/// Only ASCII digits (and, for `integer`, one leading minus) are accepted: no "+", spaces, decimals or
/// exponents, and nothing that would overflow. What `Int(_:)` would also accept ("+7") is refused, so an
/// id has exactly one spelling.
enum FormNumber {
    /// A positive database id (1…), or nil.
    static func identifier(_ text: String) -> Int? {
        guard let value = integer(text), value > 0, !text.hasPrefix("-") else { return nil }
        return value
    }

    /// A whole number, possibly negative, of at most 18 digits; nil for anything else.
    static func integer(_ text: String) -> Int? {
        let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        guard (1...18).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}
