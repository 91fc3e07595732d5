import Database
import TestSupport
import Testing

@Suite("PostgreSQL migrations", .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
struct PostgresMigratorTests {
    struct Boom: Error {}

    let migrator = Migrator([
        Migration(version: 1, name: "create t", sqlite: "CREATE TABLE t (x INTEGER);", postgres: "CREATE TABLE t (x BIGINT);"),
        Migration(version: 2, name: "add y", sql: "ALTER TABLE t ADD COLUMN y TEXT;"),
        Migration(version: 3, name: "count runs") { db in
            try db.execute("CREATE TABLE runs (n BIGINT)")
            try db.execute("INSERT INTO runs VALUES (1)")
        },
    ])

    @Test("migrations apply in order on an empty database and not again")
    func appliesOnce() async throws {
        try await PostgresTestServer.withPool { pool, _ async throws in
            #expect(try await migrator.migrate(pool) == [1, 2, 3])
            #expect(try await migrator.migrate(pool) == [])
            #expect(try await pool.read { db in try Migrator.version(of: db) } == 3)
        }
    }

    @Test("two migrators starting at once on an empty database both finish, each migration applied once")
    func concurrentMigrators() async throws {
        try await PostgresTestServer.withPool(poolSize: 2) { pool, configuration async throws in
            let other = try await PostgresPool(configuration: configuration)
            async let first = migrator.migrate(pool)
            async let second = migrator.migrate(other)
            let applied = try await [first, second]
            await other.close()
            #expect(applied.sorted { $0.count > $1.count } == [[1, 2, 3], []])
            let runs = try await pool.read { db in try db.queryOne("SELECT count(*) AS n FROM runs") { row throws(DatabaseError) in try row.int("n") } }
            #expect(runs == 1)
        }
    }

    @Test("a failing migration leaves the database at the last good version")
    func failureKeepsLastGoodVersion() async throws {
        try await PostgresTestServer.withPool { pool, _ async throws in
            let failing = Migrator(migrator.migrations + [
                Migration(version: 4, name: "fails") { db in
                    try db.execute("CREATE TABLE u (x BIGINT)")
                    throw Boom()
                },
            ])
            await #expect(throws: Boom.self) { try await failing.migrate(pool) }
            #expect(try await pool.read { db in try Migrator.version(of: db) } == 3)
            await #expect(throws: DatabaseError.self) { try await pool.read { db in try db.execute("SELECT * FROM u") } }
        }
    }

    @Test("the migrator leaves the connection's statement timeout as configured")
    func statementTimeoutRestored() async throws {
        try await PostgresTestServer.withPool(poolSize: 1, statementTimeoutMilliseconds: 1234) { pool, _ async throws in
            try await migrator.migrate(pool)
            let setting = try await pool.read { db in
                try db.queryOne("SELECT current_setting('statement_timeout') AS s") { row throws(DatabaseError) in try row.string("s") }
            }
            #expect(setting == "1234ms")
        }
    }
}
