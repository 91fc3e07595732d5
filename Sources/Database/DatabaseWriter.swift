/// What services hold: the way into a database from async code, whichever engine is behind it.
///
/// Every closure runs on a thread of the pool's own (never an event loop or the cooperative pool,
/// because both engines block), on a connection lent for the closure's duration only.
public protocol DatabaseWriter: Sendable {
    /// The engine behind the pool.
    var engine: DatabaseEngine { get }

    /// Runs `body` on a connection that sees committed data and must not write.
    func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Runs `body` in one transaction: it commits when `body` returns and rolls back entirely when it
    /// throws. Not reentrant: a unit of work opens one write; nest with `savepoint`.
    func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Runs `body` with no transaction around it, for work that manages its own (migrations).
    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Stops taking work, lets queued work finish, and closes every connection.
    func close() async
}
