/// What a repository sees of a database: one connection, lent for the duration of a unit of work.
///
/// Contract, the same on every engine:
/// - Parameters are written `?` in SQL and always bound, never spliced into the text.
/// - A connection runs inside the transaction its `DatabaseWriter.write` opened, or none for reads;
///   it offers no way to open a transaction, so a repository can never start one of its own. A step
///   that needs partial rollback calls `savepoint` explicitly.
/// - Rows are lent as borrowed `Row` values that cannot outlive the transform reading them.
/// - Failures are `DatabaseError`s whose `kind` is the same for both engines.
///
/// A connection is not thread-safe: never keep one beyond the closure that received it.
public protocol DatabaseConnection: AnyObject {
    /// The engine behind this connection, for the few places where dialects differ.
    var engine: DatabaseEngine { get }

    /// Runs one statement that returns no rows and reports how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> Int

    /// Runs one query and maps every row with `transform`, in the order the query returns them.
    func query<T>(_ sql: String, _ arguments: [any SQLBindable],
                  _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> [T]

    /// Runs one query and maps its first row, or returns `nil` when there is none.
    func queryOne<T>(_ sql: String, _ arguments: [any SQLBindable],
                     _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> T?

    /// Runs a script of several statements without arguments. For migrations only: a script cannot
    /// bind values, so its text must never contain input.
    func executeScript(_ sql: String) throws(DatabaseError)

    /// Runs `body` in a savepoint: when it throws, only what it wrote is undone and the error is
    /// rethrown; the enclosing transaction goes on. The only way to nest a unit inside a transaction.
    func savepoint<T>(_ body: () throws -> T) throws -> T

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool { get }
}

extension DatabaseConnection {
    /// `execute` with no arguments.
    @discardableResult
    public func execute(_ sql: String) throws(DatabaseError) -> Int {
        try execute(sql, [])
    }

    /// `query` with no arguments.
    public func query<T>(_ sql: String, _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> [T] {
        try query(sql, [], transform)
    }

    /// `queryOne` with no arguments.
    public func queryOne<T>(_ sql: String, _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> T? {
        try queryOne(sql, [], transform)
    }
}

extension DatabaseConnection {
    /// The savepoint steps both engines share: SAVEPOINT, `body`, RELEASE; when `body` throws, ROLLBACK TO and
    /// RELEASE, then its error. Both engines resolve a reused name to the innermost savepoint of that name, so
    /// nesting needs no counter.
    func withSavepointStatements<T>(named name: String = "nested_unit", _ body: () throws -> T) throws -> T {
        try executeScript("SAVEPOINT \(name)")
        do {
            let value = try body()
            try executeScript("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            if isInTransaction {
                // The caller needs the original error; if even the rollback fails, the engine has abandoned the
                // transaction and the outer level's COMMIT (or the write batch) reports it.
                _ = try? executeScript("ROLLBACK TO SAVEPOINT \(name)")
                _ = try? executeScript("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }
}
