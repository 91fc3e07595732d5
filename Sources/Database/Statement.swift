import CSQLite

/// A prepared statement: the single owner of one `sqlite3_stmt`, finalized in `deinit`.
///
/// Internal to the module; callers reach statements only through `Connection`, which caches
/// them by SQL text and hands out rows as borrowed `Row` values that cannot escape. As a
/// `RowSource` it is the current row; column names are mapped to indexes once per statement.
final class Statement: RowSource {
    let sql: String
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// Set while a caller is stepping through rows, so a nested query of the same SQL
    /// gets a fresh statement instead of resetting the one being read.
    var inUse = false
    /// Column name → index, built on the first read by name and kept with the cached statement, so a
    /// hot query resolves each name once per connection rather than once per row.
    private var columnIndexes: [String: Int]?

    init(connection: OpaquePointer, sql: String, persistent: Bool) throws(DatabaseError) {
        self.sql = sql
        self.connection = connection
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        // The tail points into the C string, so inspect it while that buffer is alive.
        let (code, hasSecondStatement) = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, text, -1, flags, &statement, &tail)
            let rest = tail.map { String(cString: $0) } ?? ""
            return (code, !rest.allSatisfy { $0.isWhitespace || $0 == ";" })
        }
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw DatabaseError(extendedCode: sqlite3_extended_errcode(connection),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        // A second statement after the first would be silently ignored by sqlite3_step;
        // refusing it keeps "one call, one statement" honest.
        if hasSecondStatement {
            sqlite3_finalize(statement)
            throw DatabaseError(extendedCode: SQLITE_MISUSE,
                                message: "more than one statement; use executeScript for scripts", sql: sql)
        }
        // Assigned last: once every property is set, a throw would run deinit and finalize twice.
        self.handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ arguments: [any SQLBindable]) throws(DatabaseError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw DatabaseError(extendedCode: SQLITE_RANGE,
                                message: "statement expects \(expected) arguments, got \(arguments.count)", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument.sqlValue {
            case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
            case .real(let value): code = sqlite3_bind_double(handle, index, value)
            case .null: code = sqlite3_bind_null(handle, index)
            case .text(let value): code = Self.bindText(handle, index, value)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { raw in
                    // An empty buffer may have no base address, and a NULL pointer would bind NULL.
                    guard let base = raw.baseAddress, !raw.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
                    return sqlite3_bind_blob(handle, index, base, Int32(raw.count), sqliteTransient)
                }
            }
            try check(code)
        }
    }

    private static func bindText(_ handle: OpaquePointer, _ index: Int32, _ value: String) -> Int32 {
        var text = value
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, index, $0, Int32(utf8.count), sqliteTransient)
            }
        }
    }

    /// Steps once: `true` when a row is ready, `false` when the statement is done.
    func step() throws(DatabaseError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw DatabaseError(extendedCode: sqlite3_extended_errcode(connection),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// Readies the statement for its next use; bindings are cleared so a stale value never leaks.
    func reset() {
        // sqlite3_reset repeats the last step's error, which was already thrown from step().
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func row() -> Row { Row(source: self) }

    // MARK: RowSource

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func columnName(at index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    func columnIndex(named name: String) -> Int? {
        if let columnIndexes { return columnIndexes[name] }
        var map: [String: Int] = [:]
        for index in 0..<columnCount where map[columnName(at: index)] == nil {
            map[columnName(at: index)] = index
        }
        columnIndexes = map
        return map[name]
    }

    func isNull(at index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    func int64(at index: Int) throws(DatabaseError) -> Int64 {
        guard storageClass(index) == SQLITE_INTEGER else { throw mismatch(index, expected: "INTEGER") }
        return sqlite3_column_int64(handle, Int32(index))
    }

    func double(at index: Int) throws(DatabaseError) -> Double {
        let storage = storageClass(index)
        guard storage == SQLITE_FLOAT || storage == SQLITE_INTEGER else { throw mismatch(index, expected: "REAL") }
        return sqlite3_column_double(handle, Int32(index))
    }

    func text(at index: Int) throws(DatabaseError) -> String {
        guard storageClass(index) == SQLITE_TEXT else { throw mismatch(index, expected: "TEXT") }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard let bytes = sqlite3_column_text(handle, Int32(index)) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func bytes(at index: Int) throws(DatabaseError) -> [UInt8] {
        guard storageClass(index) == SQLITE_BLOB else { throw mismatch(index, expected: "BLOB") }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard let bytes = sqlite3_column_blob(handle, Int32(index)), count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    private func storageClass(_ index: Int) -> Int32 { sqlite3_column_type(handle, Int32(index)) }

    private func mismatch(_ index: Int, expected: String) -> DatabaseError {
        let found = switch storageClass(index) {
        case SQLITE_INTEGER: "INTEGER"
        case SQLITE_FLOAT: "REAL"
        case SQLITE_TEXT: "TEXT"
        case SQLITE_BLOB: "BLOB"
        default: "NULL"
        }
        return DatabaseError(extendedCode: SQLITE_MISMATCH,
                             message: "column \(index) (\(columnName(at: index))) holds \(found), expected \(expected)", sql: sql)
    }

    private func check(_ code: Int32) throws(DatabaseError) {
        guard code == SQLITE_OK else {
            throw DatabaseError(extendedCode: sqlite3_extended_errcode(connection),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind call returns.
/// The C macro is a cast of -1 that Swift does not import.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
