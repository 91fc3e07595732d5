import CSQLite

/// One open SQLite connection: the single owner of its `sqlite3*`, closed in `deinit`.
///
/// Runs statements with bound arguments and caches prepared statements by SQL text, so a hot
/// query is parsed once per connection. A connection is not thread-safe; `DatabasePool` gives
/// each one to a single dedicated thread and only lends it to closures running there. The
/// `@unchecked Sendable` exists so the pool can move a connection onto its thread — callers
/// must not keep a connection beyond the closure that received it.
///
/// As a `DatabaseConnection` it opens no transactions for its callers: `DatabasePool.write` owns
/// the one transaction of a unit of work (`WriteBatch`), and `savepoint` is the explicit way to nest.
public final class Connection: DatabaseConnection, @unchecked Sendable {
    public var engine: DatabaseEngine { .sqlite }
    /// The database file this connection opened.
    public let path: String
    private let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    /// Opens (creating if needed) the database at `path` and applies `configuration`:
    /// WAL journal, `busy_timeout`, `foreign_keys=ON` and the configured `synchronous` level.
    public init(path: String, configuration: DatabaseConfiguration = .init(), readOnly: Bool = false) throws(DatabaseError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw DatabaseError(extendedCode: code, message: "cannot open \(path): \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, configuration.busyTimeoutMilliseconds)
        // PRAGMA arguments cannot be bound; every value below comes from a closed enum or a literal.
        if !readOnly {
            let mode: String? = try queryOne("PRAGMA journal_mode = WAL") { row throws(DatabaseError) in try row.string(0) }
            guard mode?.lowercased() == "wal" else {
                throw DatabaseError(extendedCode: SQLITE_ERROR, message: "could not enable WAL (journal_mode is \(mode ?? "unknown"))")
            }
        }
        try executeScript("""
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = \(configuration.synchronous.rawValue);
            \(readOnly ? "PRAGMA query_only = ON;" : "")
            """)
    }

    deinit {
        statements.removeAll()
        // close_v2 defers the close until any statement still alive is finalized.
        sqlite3_close_v2(handle)
    }

    /// Runs one statement that returns no rows and reports how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> Int {
        try withStatement(sql, arguments) { statement throws(DatabaseError) in
            while try statement.step() {}
        }
        return Int(sqlite3_changes64(handle))
    }

    /// Runs one query and maps every row with `transform`.
    public func query<T>(_ sql: String, _ arguments: [any SQLBindable],
                         _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> [T] {
        try withStatement(sql, arguments) { statement throws(DatabaseError) in
            var results: [T] = []
            while try statement.step() {
                let row = statement.row()
                results.append(try transform(row))
            }
            return results
        }
    }

    /// Runs one query and maps its first row, or returns `nil` when there is none.
    public func queryOne<T>(_ sql: String, _ arguments: [any SQLBindable],
                            _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> T? {
        try withStatement(sql, arguments) { statement throws(DatabaseError) in
            guard try statement.step() else { return nil }
            let row = statement.row()
            return try transform(row)
        }
    }

    /// Runs a script of several statements without arguments (migrations, pragmas).
    /// Never pass text that contains user input: a script cannot bind values.
    public func executeScript(_ sql: String) throws(DatabaseError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw DatabaseError(extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Row id of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a SAVEPOINT: if it throws, only what it wrote is rolled back and the error is
    /// rethrown; the enclosing transaction (if any) goes on. Outside a transaction the savepoint is one.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try withSavepointStatements(body)
    }

    func rollbackAfterFailure() {
        // SQLite rolls back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, …);
        // only roll back a transaction that is still open. The caller rethrows the real error.
        if isInTransaction { _ = try? execute("ROLLBACK") }
    }

    private func withStatement<T>(_ sql: String, _ arguments: [any SQLBindable],
                                  _ body: (Statement) throws(DatabaseError) -> T) throws(DatabaseError) -> T {
        let statement: Statement
        if let cached = statements[sql], !cached.inUse {
            statement = cached
        } else {
            let isNew = statements[sql] == nil
            statement = try Statement(connection: handle, sql: sql, persistent: isNew)
            if isNew { statements[sql] = statement }
        }
        statement.inUse = true
        defer {
            statement.reset()
            statement.inUse = false
        }
        try statement.bind(arguments)
        return try body(statement)
    }
}
