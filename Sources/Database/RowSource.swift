/// Where a `Row` reads its values: the current row of an engine's result (SQLite's `Statement`,
/// PostgreSQL's result at a row).
///
/// Contract: indexes are 0-based and `Row` checks them against `columnCount` before any read, so an
/// implementation may assume they are in range. Typed reads are strict: a read of NULL, or of a value
/// of another type, throws a `DatabaseError` naming the column rather than inventing a value.
/// `columnIndex(named:)` should answer from a map built once per statement, not by comparing names
/// per row, because every read by name goes through it.
public protocol RowSource: AnyObject {
    /// The SQL that produced the row, for error messages.
    var sql: String { get }
    /// Number of columns in the result.
    var columnCount: Int { get }
    /// The name of the column at `index` (its alias when the query gave one).
    func columnName(at index: Int) -> String
    /// The index of the first column called `name`, or nil when the result has none.
    func columnIndex(named name: String) -> Int?
    /// Whether the value at `index` is NULL.
    func isNull(at index: Int) -> Bool
    /// The integer at `index`.
    func int64(at index: Int) throws(DatabaseError) -> Int64
    /// The real (or integer, widened) at `index`.
    func double(at index: Int) throws(DatabaseError) -> Double
    /// The text at `index`.
    func text(at index: Int) throws(DatabaseError) -> String
    /// The bytes of the blob at `index`.
    func bytes(at index: Int) throws(DatabaseError) -> [UInt8]
}
