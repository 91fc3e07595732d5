import CSQLite

/// The current row of a query, readable only inside the closure that receives it.
///
/// `~Copyable` and passed `borrowing`, so it cannot be stored or returned: the statement it
/// reads from is reset right after the closure returns. Reads are typed and strict — reading
/// NULL as `String` or text as `Int` throws instead of inventing a value; ask for an Optional
/// when a column may be NULL.
public struct Row: ~Copyable {
    private let handle: OpaquePointer
    private let sql: String

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    /// Number of columns in the result.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// Whether the column at `index` (0-based) holds NULL.
    public func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    /// Reads the column at `index` (0-based) as `T`; see `SQLColumnValue` for the accepted storage classes.
    public func get<T: SQLColumnValue>(_ index: Int) throws(DatabaseError) -> T {
        try T.read(from: self, at: index)
    }

    public func int(_ index: Int) throws(DatabaseError) -> Int { try get(index) }
    public func int64(_ index: Int) throws(DatabaseError) -> Int64 { try get(index) }
    public func double(_ index: Int) throws(DatabaseError) -> Double { try get(index) }
    public func string(_ index: Int) throws(DatabaseError) -> String { try get(index) }
    public func bytes(_ index: Int) throws(DatabaseError) -> [UInt8] { try get(index) }
    public func optionalInt(_ index: Int) throws(DatabaseError) -> Int? { try get(index) }
    public func optionalString(_ index: Int) throws(DatabaseError) -> String? { try get(index) }

    func storageClass(_ index: Int) throws(DatabaseError) -> Int32 {
        guard index >= 0, index < columnCount else {
            throw DatabaseError(extendedCode: SQLITE_RANGE, message: "no column \(index)", sql: sql)
        }
        return sqlite3_column_type(handle, Int32(index))
    }

    func mismatch(_ index: Int, expected: String) -> DatabaseError {
        let found = switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: "INTEGER"
        case SQLITE_FLOAT: "REAL"
        case SQLITE_TEXT: "TEXT"
        case SQLITE_BLOB: "BLOB"
        default: "NULL"
        }
        return DatabaseError(extendedCode: SQLITE_MISMATCH,
                             message: "column \(index) holds \(found), expected \(expected)", sql: sql)
    }

    func rawInt64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }
    func rawDouble(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    func rawText(_ index: Int) -> String {
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard let bytes = sqlite3_column_text(handle, Int32(index)) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func rawBytes(_ index: Int) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard let bytes = sqlite3_column_blob(handle, Int32(index)), count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

/// A Swift type a column can be read as. `Optional` of a conforming type reads NULL as `nil`.
public protocol SQLColumnValue {
    static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Self
}

extension Int64: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Int64 {
        guard try row.storageClass(index) == SQLITE_INTEGER else { throw row.mismatch(index, expected: "INTEGER") }
        return row.rawInt64(index)
    }
}
extension Int: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Int {
        Int(try Int64.read(from: row, at: index))
    }
}
extension Bool: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Bool {
        try Int64.read(from: row, at: index) != 0
    }
}
extension Double: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Double {
        let storage = try row.storageClass(index)
        guard storage == SQLITE_FLOAT || storage == SQLITE_INTEGER else { throw row.mismatch(index, expected: "REAL") }
        return row.rawDouble(index)
    }
}
extension String: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> String {
        guard try row.storageClass(index) == SQLITE_TEXT else { throw row.mismatch(index, expected: "TEXT") }
        return row.rawText(index)
    }
}
extension Array: SQLColumnValue where Element == UInt8 {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> [UInt8] {
        guard try row.storageClass(index) == SQLITE_BLOB else { throw row.mismatch(index, expected: "BLOB") }
        return row.rawBytes(index)
    }
}
extension Optional: SQLColumnValue where Wrapped: SQLColumnValue {
    public static func read(from row: borrowing Row, at index: Int) throws(DatabaseError) -> Wrapped? {
        if try row.storageClass(index) == SQLITE_NULL { return nil }
        return try Wrapped.read(from: row, at: index)
    }
}
