import Foundation

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

    /// An amount of won a person typed (`28800`, `28,800`, `28,800원`, spaces around): 1…`OrderLimits` order
    /// maximum, or nil. Commas are dropped wherever they are, as banks and spreadsheets place them.
    static func amount(_ text: String) -> Int? {
        var typed = text.trimmingCharacters(in: .whitespaces)
        guard typed.utf8.count <= 32 else { return nil }
        if typed.hasSuffix("원") { typed.removeLast() }
        typed.removeAll { $0 == "," }
        guard let value = identifier(typed), value <= OrderLimits.maxOrderTotal else { return nil }
        return value
    }
}
