/// The engine-specific side of `Row`: one result's current row, read by column index.
///
/// SQLite's prepared statement and PostgreSQL's result each implement it; `Row` wraps it and adds
/// reads by column name. Typed reads are strict: a column that holds another type (or NULL) throws
/// instead of inventing a value. Only valid while the engine keeps the row, which is why `Row` cannot escape.
public protocol RowSource: AnyObject {
    /// Number of columns in the result.
    var columnCount: Int { get }
    /// The name of the column at `index` (0-based), as the query spelled it (or its alias).
    func columnName(at index: Int) -> String
    /// The first column called `name`, or `nil` when the result has none.
    func columnIndex(named name: String) -> Int?
    /// Whether the column at `index` holds NULL.
    func isNull(at index: Int) -> Bool
    /// The column as an integer; throws unless it holds one.
    func int64(at index: Int) throws(DatabaseError) -> Int64
    /// The column as a floating-point number; throws unless it holds a number.
    func double(at index: Int) throws(DatabaseError) -> Double
    /// The column as text; throws unless it holds text.
    func text(at index: Int) throws(DatabaseError) -> String
    /// The column as bytes; throws unless it holds a blob / bytea.
    func bytes(at index: Int) throws(DatabaseError) -> [UInt8]
}

extension RowSource {
    /// Each column name mapped to its first index: what a source caches once per result or statement
    /// to answer `columnIndex(named:)`.
    func columnIndexMap() -> [String: Int] {
        var indexes: [String: Int] = [:]
        for index in 0..<columnCount where indexes[columnName(at: index)] == nil { indexes[columnName(at: index)] = index }
        return indexes
    }
}
