/// The current row of a query, readable only inside the closure that receives it.
///
/// `~Copyable` and passed `borrowing`, so it cannot be stored or returned: the result it reads from
/// moves on right after the closure returns. Repositories read by column name (`try row.int("id")`),
/// so a column list and its reader cannot drift apart; a name the result does not have throws a
/// `DatabaseError` naming the column and the SQL. Reads are typed and strict — reading NULL as
/// `String` or text as `Int` throws instead of inventing a value; ask for an Optional when a column
/// may be NULL. Positional reads remain for results without names worth using (pragmas, tests).
public struct Row: ~Copyable {
    let source: any RowSource

    /// A row over `source`'s current row (for engine drivers).
    public init(source: any RowSource) { self.source = source }

    /// Number of columns in the result.
    public var columnCount: Int { source.columnCount }

    // MARK: By name

    /// The index of column `name`, or a `DatabaseError` naming it and the SQL.
    public func index(of name: String) throws(DatabaseError) -> Int {
        guard let index = source.columnIndex(named: name) else {
            let columns = (0..<source.columnCount).map { source.columnName(at: $0) }.joined(separator: ", ")
            throw DatabaseError(kind: .other, message: "no column named '\(name)' in the result (columns: \(columns))",
                                sql: source.sql)
        }
        return index
    }

    /// Whether column `name` holds NULL.
    public func isNull(_ name: String) throws(DatabaseError) -> Bool { source.isNull(at: try index(of: name)) }

    /// Reads column `name` as `T`; see `SQLColumnValue` for the accepted types.
    public func get<T: SQLColumnValue>(_ name: String) throws(DatabaseError) -> T {
        try T.read(from: self, at: try index(of: name))
    }

    public func int(_ name: String) throws(DatabaseError) -> Int { try get(name) }
    public func int64(_ name: String) throws(DatabaseError) -> Int64 { try get(name) }
    public func double(_ name: String) throws(DatabaseError) -> Double { try get(name) }
    public func string(_ name: String) throws(DatabaseError) -> String { try get(name) }
    public func bytes(_ name: String) throws(DatabaseError) -> [UInt8] { try get(name) }
    public func bool(_ name: String) throws(DatabaseError) -> Bool { try get(name) }
    public func optionalInt(_ name: String) throws(DatabaseError) -> Int? { try get(name) }
    public func optionalInt64(_ name: String) throws(DatabaseError) -> Int64? { try get(name) }
    public func optionalString(_ name: String) throws(DatabaseError) -> String? { try get(name) }

    // MARK: By position

    /// Whether the column at `index` (0-based) holds NULL; false past the last column.
    public func isNull(_ index: Int) -> Bool {
        index >= 0 && index < source.columnCount && source.isNull(at: index)
    }

    /// Reads the column at `index` (0-based) as `T`; see `SQLColumnValue` for the accepted types.
    public func get<T: SQLColumnValue>(_ index: Int) throws(DatabaseError) -> T {
        try T.read(from: self, at: try checked(index))
    }

    public func int(_ index: Int) throws(DatabaseError) -> Int { try get(index) }
    public func int64(_ index: Int) throws(DatabaseError) -> Int64 { try get(index) }
    public func double(_ index: Int) throws(DatabaseError) -> Double { try get(index) }
    public func string(_ index: Int) throws(DatabaseError) -> String { try get(index) }
    public func bytes(_ index: Int) throws(DatabaseError) -> [UInt8] { try get(index) }
    public func optionalInt(_ index: Int) throws(DatabaseError) -> Int? { try get(index) }
    public func optionalString(_ index: Int) throws(DatabaseError) -> String? { try get(index) }

    private func checked(_ index: Int) throws(DatabaseError) -> Int {
        guard index >= 0, index < source.columnCount else {
            throw DatabaseError(kind: .other, message: "no column \(index) in a result of \(source.columnCount)", sql: source.sql)
        }
        return index
    }
}

/// A Swift type a column can be read as. `Optional` of a conforming type reads NULL as `nil`.
///
/// `read` receives an index already checked against the row's column count.
public protocol SQLColumnValue {
    static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Self
}

extension Int64: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Int64 {
        try row.source.int64(at: index)
    }
}
extension Int: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Int {
        // Int is 64-bit on every platform this runs on; the conversion cannot trap.
        Int(try row.source.int64(at: index))
    }
}
extension Bool: SQLColumnValue {
    /// Booleans are stored as 0/1 integers on both engines.
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Bool {
        try row.source.int64(at: index) != 0
    }
}
extension Double: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Double {
        try row.source.double(at: index)
    }
}
extension String: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> String {
        try row.source.text(at: index)
    }
}
extension Array: SQLColumnValue where Element == UInt8 {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> [UInt8] {
        try row.source.bytes(at: index)
    }
}
extension Optional: SQLColumnValue where Wrapped: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Wrapped? {
        if row.source.isNull(at: index) { return nil }
        return try Wrapped.read(from: row, at: index)
    }
}
