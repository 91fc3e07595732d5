/// One schema step, identified by its position in the `PRAGMA user_version` sequence.
public struct Migration: Sendable {
    /// The `user_version` the database has after this migration (1, 2, 3, …).
    public let version: Int
    /// A short description, for logs and errors.
    public let name: String
    let apply: @Sendable (any DatabaseConnection) throws -> Void

    /// A migration that runs code (for data moves a script cannot express).
    public init(version: Int, name: String, apply: @escaping @Sendable (any DatabaseConnection) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration that runs a fixed SQL script.
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name) { connection in try connection.executeScript(sql) }
    }
}

/// A migration list that cannot be applied safely.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { "migration error: \(message)" }
}

/// Applies ordered migrations, tracking progress in `PRAGMA user_version`.
///
/// Idempotent: running it again applies only what is missing. Each migration commits together
/// with its version bump, so a failure leaves the database at the last good version. The current
/// version is read after taking the write lock, so two processes migrating at once apply each
/// step exactly once. A database newer than the code is refused rather than touched.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(_ migrations: [Migration]) { self.migrations = migrations }

    /// The version a fully migrated database has.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The database's current `user_version`.
    public static func version(of connection: any DatabaseConnection) throws -> Int {
        try connection.queryOne("PRAGMA user_version") { row throws(DatabaseError) in try row.int(0) } ?? 0
    }

    /// Applies pending migrations on `connection` (which must not be inside a transaction)
    /// and returns the versions it applied, in order.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Int] {
        try checkVersion(try Self.version(of: connection))
        var applied: [Int] = []
        for migration in migrations where try connection.inTransaction({ try step(migration, on: connection) }) {
            applied.append(migration.version)
        }
        return applied
    }

    /// Applies pending migrations through `writer`, each in a `write` of its own.
    @discardableResult
    public func migrate(_ writer: any DatabaseWriter) async throws -> [Int] {
        try checkVersion(try await writer.read { db in try Self.version(of: db) })
        var applied: [Int] = []
        for migration in migrations where try await writer.write({ db in try self.step(migration, on: db) }) {
            applied.append(migration.version)
        }
        return applied
    }

    private func checkVersion(_ found: Int) throws {
        try validate()
        guard found <= latestVersion else {
            throw MigrationError(message: "database is at version \(found), newer than this program's \(latestVersion)")
        }
    }

    /// Applies `migration` inside the caller's transaction unless the database already has it.
    private func step(_ migration: Migration, on connection: any DatabaseConnection) throws -> Bool {
        // Re-read under the write lock: another process may have migrated meanwhile.
        guard try Self.version(of: connection) < migration.version else { return false }
        try migration.apply(connection)
        // PRAGMA cannot take a bound argument; the version is an integer from our own list.
        try connection.execute("PRAGMA user_version = \(migration.version)")
        return true
    }

    private func validate() throws {
        var previous = 0
        for migration in migrations {
            guard migration.version == previous + 1 else {
                throw MigrationError(message: "migration '\(migration.name)' has version \(migration.version), expected \(previous + 1)")
            }
            previous = migration.version
        }
    }
}
