/// What a repository sees of a database connection, the same for every engine.
///
/// Parameters are written `?` in SQL for both engines (the PostgreSQL driver rewrites them to `$1…`
/// outside quotes) and always travel bound, never spliced into the text. A connection is used by one
/// thread at a time and only inside the closure a pool lent it to.
///
/// Transactions belong to the caller's unit of work (`DatabaseWriter.write`); `savepoint` is the only
/// way to nest one, and it is explicit.
public protocol DatabaseConnection: AnyObject {
    /// The engine behind this connection, for the few places where the dialects really differ.
    var engine: DatabaseEngine { get }

    /// Runs one statement and reports how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> Int

    /// Runs one query and maps every row with `transform`.
    func query<T>(_ sql: String, _ arguments: [any SQLBindable],
                  _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> [T]

    /// Runs one query and maps its first row, or returns `nil` when there is none.
    func queryOne<T>(_ sql: String, _ arguments: [any SQLBindable],
                     _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> T?

    /// Runs a script of several statements without arguments. Migrations only: a script cannot bind values.
    func executeScript(_ sql: String) throws(DatabaseError)

    /// Runs `body` inside a savepoint: what it wrote is undone when it throws, and the enclosing
    /// transaction carries on. Outside a transaction it is a transaction of its own.
    func savepoint<T>(_ body: () throws -> T) throws -> T

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool { get }
}

extension DatabaseConnection {
    /// `execute` without arguments.
    @discardableResult
    public func execute(_ sql: String) throws(DatabaseError) -> Int { try execute(sql, []) }

    /// `query` without arguments.
    public func query<T>(_ sql: String, _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> [T] {
        try query(sql, [], transform)
    }

    /// `queryOne` without arguments.
    public func queryOne<T>(_ sql: String, _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> T? {
        try queryOne(sql, [], transform)
    }
}
