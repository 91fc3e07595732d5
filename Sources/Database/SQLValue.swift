/// One value bound to a statement parameter, in SQLite's own storage classes.
///
/// Values always travel as bound parameters, never spliced into SQL text, so no caller can
/// build an injectable statement from user input.
public enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// A Swift type that can be bound to a statement parameter.
///
/// Conforming types: `Int`, `Int64`, `Int32`, `Bool` (as 0/1), `String`, `Double`, `[UInt8]`,
/// `SQLValue` itself, and `Optional` of any of these (binding `nil` as NULL).
public protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}
extension Int: SQLBindable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}
extension Int64: SQLBindable {
    public var sqlValue: SQLValue { .integer(self) }
}
extension Int32: SQLBindable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}
extension Bool: SQLBindable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}
extension String: SQLBindable {
    public var sqlValue: SQLValue { .text(self) }
}
extension Substring: SQLBindable {
    public var sqlValue: SQLValue { .text(String(self)) }
}
extension Double: SQLBindable {
    public var sqlValue: SQLValue { .real(self) }
}
extension Array: SQLBindable where Element == UInt8 {
    public var sqlValue: SQLValue { .blob(self) }
}
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
