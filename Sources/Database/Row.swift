/// The current row of a query, readable only inside the closure that receives it.
///
/// `~Copyable` and passed `borrowing`, so it cannot be stored or returned: the engine reuses what it
/// reads from right after the closure returns. Reads are typed and strict — reading NULL as `String` or
/// text as `Int` throws instead of inventing a value; ask for an Optional when a column may be NULL.
/// Repositories read by column name (`row.int("product_id")`), so a column list and its reader cannot
/// drift apart; a name the result lacks throws an error naming the column and the SQL.
public struct Row: ~Copyable {
    let source: any RowSource
    let sql: String

    init(source: any RowSource, sql: String) {
        self.source = source
        self.sql = sql
    }

    /// Number of columns in the result.
    public var columnCount: Int { source.columnCount }

    /// Whether the column at `index` (0-based) holds NULL.
    public func isNull(_ index: Int) -> Bool { source.isNull(at: index) }

    /// Whether the column called `name` holds NULL.
    public func isNull(_ name: String) throws(DatabaseError) -> Bool { source.isNull(at: try index(of: name)) }

    /// Reads the column at `index` (0-based) as `T`; see `SQLColumnValue` for the accepted storage classes.
    public func get<T: SQLColumnValue>(_ index: Int) throws(DatabaseError) -> T {
        try T.read(from: self, at: try checked(index))
    }

    /// Reads the column called `name` as `T`.
    public func get<T: SQLColumnValue>(_ name: String) throws(DatabaseError) -> T {
        try T.read(from: self, at: try index(of: name))
    }

    public func int(_ index: Int) throws(DatabaseError) -> Int { try get(index) }
    public func int64(_ index: Int) throws(DatabaseError) -> Int64 { try get(index) }
    public func double(_ index: Int) throws(DatabaseError) -> Double { try get(index) }
    public func string(_ index: Int) throws(DatabaseError) -> String { try get(index) }
    public func bytes(_ index: Int) throws(DatabaseError) -> [UInt8] { try get(index) }
    public func bool(_ index: Int) throws(DatabaseError) -> Bool { try get(index) }
    public func optionalInt(_ index: Int) throws(DatabaseError) -> Int? { try get(index) }
    public func optionalString(_ index: Int) throws(DatabaseError) -> String? { try get(index) }

    public func int(_ name: String) throws(DatabaseError) -> Int { try get(name) }
    public func int64(_ name: String) throws(DatabaseError) -> Int64 { try get(name) }
    public func double(_ name: String) throws(DatabaseError) -> Double { try get(name) }
    public func string(_ name: String) throws(DatabaseError) -> String { try get(name) }
    public func bytes(_ name: String) throws(DatabaseError) -> [UInt8] { try get(name) }
    public func bool(_ name: String) throws(DatabaseError) -> Bool { try get(name) }
    public func optionalInt(_ name: String) throws(DatabaseError) -> Int? { try get(name) }
    public func optionalString(_ name: String) throws(DatabaseError) -> String? { try get(name) }

    private func index(of name: String) throws(DatabaseError) -> Int {
        guard let index = source.columnIndex(named: name) else {
            throw DatabaseError(kind: .other, message: "no column named \(name) in the result", sql: sql)
        }
        return index
    }

    private func checked(_ index: Int) throws(DatabaseError) -> Int {
        guard index >= 0, index < source.columnCount else {
            throw DatabaseError(kind: .other, message: "no column \(index)", sql: sql)
        }
        return index
    }
}

/// A Swift type a column can be read as. `Optional` of a conforming type reads NULL as `nil`.
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
        Int(try row.source.int64(at: index))
    }
}
extension Bool: SQLColumnValue {
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
