/// What services hold: the way into a database from async code, whatever the engine.
///
/// Contract:
/// - `write` runs its body in exactly one transaction that commits when the body returns and rolls
///   back completely when it throws. It is not reentrant: a body receives a connection, not the
///   writer, so a write inside a write cannot be expressed. One state change, one `write`.
/// - `read` runs its body on a connection that sees committed data; it must not write.
/// - Bodies run off the caller's thread (never on an event loop) and must not keep the connection.
public protocol DatabaseWriter: Sendable {
    /// The engine behind this writer.
    var engine: DatabaseEngine { get }

    /// Runs `body` on a connection for reading and returns its result.
    @discardableResult
    func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Runs `body` on a writing connection with no transaction around it, for work that manages its
    /// own (migrations) or cannot run inside one (`VACUUM`). Nothing is left open afterwards.
    @discardableResult
    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Stops taking work, lets queued work finish and closes every connection.
    func close() async
}
