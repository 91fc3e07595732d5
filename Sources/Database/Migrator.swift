/// One schema step, identified by its position in the version sequence.
public struct Migration: Sendable {
    /// The version the database has after this migration (1, 2, 3, …).
    public let version: Int
    /// A short description, for logs and errors.
    public let name: String
    let apply: @Sendable (any DatabaseConnection) throws -> Void

    /// A migration that runs code (for data moves a script cannot express); it may branch on `db.engine`.
    public init(version: Int, name: String, apply: @escaping @Sendable (any DatabaseConnection) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration that runs the same SQL script on every engine.
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name) { connection in try connection.executeScript(sql) }
    }

    /// A migration written once per dialect, where they differ (types, triggers, search indexes).
    public init(version: Int, name: String, sqlite: String, postgres: String) {
        self.init(version: version, name: name) { connection in
            try connection.executeScript(connection.engine == .postgres ? postgres : sqlite)
        }
    }
}

/// A migration list that cannot be applied safely.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { "migration error: \(message)" }
}

/// Applies ordered migrations, tracking progress in SQLite's `PRAGMA user_version` or PostgreSQL's
/// `schema_version` table.
///
/// Idempotent: running it again applies only what is missing. Each migration commits together with its
/// version bump, so a failure leaves the database at the last good version. Two processes migrating at
/// once apply each step exactly once: on SQLite the version is re-read under the write lock
/// (`BEGIN IMMEDIATE`); on PostgreSQL the whole run holds a session advisory lock (`pg_advisory_lock`),
/// so the second instance waits, then finds nothing left to do. A database newer than the code is
/// refused rather than touched.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    /// The advisory lock key every PostgreSQL migrator of this list takes.
    public let lockKey: Int64

    /// `lockKey` tells apart migrator lists that share a PostgreSQL database (the shop's, the sandbox's).
    public init(_ migrations: [Migration], lockKey: Int64 = 0x5354_4F52_4546_524E) {
        self.migrations = migrations
        self.lockKey = lockKey
    }

    /// The version a fully migrated database has.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The database's current version (0 for an empty database).
    public static func version(of connection: any DatabaseConnection) throws -> Int {
        switch connection.engine {
        case .sqlite:
            return try connection.queryOne("PRAGMA user_version") { row throws(DatabaseError) in try row.int(0) } ?? 0
        case .postgres:
            let exists = try connection.queryOne("SELECT to_regclass('schema_version') IS NOT NULL AS present") {
                row throws(DatabaseError) in try row.bool("present")
            } ?? false
            guard exists else { return 0 }
            return try connection.queryOne("SELECT version FROM schema_version") { row throws(DatabaseError) in
                try row.int("version")
            } ?? 0
        }
    }

    /// Applies pending migrations on `connection` (which must not be inside a transaction)
    /// and returns the versions it applied, in order.
    @discardableResult
    public func migrate(_ connection: any DatabaseConnection) throws -> [Int] {
        try validate()
        guard connection.engine == .postgres else { return try applyPending(connection) }
        // The session lock (not a transaction one) spans every migration's own transaction. Waiting for
        // it and running a long migration must not hit the connection's statement_timeout.
        try connection.execute("SET statement_timeout = 0")
        try connection.query("SELECT pg_advisory_lock(?)", [lockKey]) { _ throws(DatabaseError) in () }
        defer {
            _ = try? connection.query("SELECT pg_advisory_unlock(?)", [lockKey]) { _ throws(DatabaseError) in () }
            _ = try? connection.execute("RESET statement_timeout")
        }
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        try connection.execute("INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)")
        return try applyPending(connection)
    }

    private func applyPending(_ connection: any DatabaseConnection) throws -> [Int] {
        let found = try Self.version(of: connection)
        guard found <= latestVersion else {
            throw MigrationError(message: "database is at version \(found), newer than this program's \(latestVersion)")
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > found {
            let didApply = try inTransaction(connection) {
                // Re-read under the write lock: another process may have migrated meanwhile.
                guard try Self.version(of: connection) < migration.version else { return false }
                try migration.apply(connection)
                switch connection.engine {
                case .sqlite:
                    // PRAGMA cannot take a bound argument; the version is an integer from our own list.
                    try connection.execute("PRAGMA user_version = \(migration.version)")
                case .postgres:
                    try connection.execute("UPDATE schema_version SET version = ?", [migration.version])
                }
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// One migration's transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`), so the version
    /// read inside is final; PostgreSQL's advisory lock already serialises migrators.
    private func inTransaction<T>(_ connection: any DatabaseConnection, _ body: () throws -> T) throws -> T {
        try connection.execute(connection.engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let value = try body()
            try connection.execute("COMMIT")
            return value
        } catch {
            // The migration's error is what the caller needs; a failed rollback means the engine already ended it.
            if connection.isInTransaction { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// Applies pending migrations on one of the writer's connections, with no transaction around them.
    @discardableResult
    public func migrate(_ writer: any DatabaseWriter) async throws -> [Int] {
        try await writer.writeWithoutTransaction { connection in try self.migrate(connection) }
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
