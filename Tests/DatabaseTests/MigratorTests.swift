import Database
import Testing

@Suite("Migrator")
struct MigratorTests {
    struct Boom: Error {}

    let migrator = Migrator([
        Migration(version: 1, name: "create t", sql: "CREATE TABLE t (x INTEGER);"),
        Migration(version: 2, name: "add y", sql: "ALTER TABLE t ADD COLUMN y TEXT;"),
    ])

    @Test("an empty database gets every migration and ends at the latest version")
    func fromEmpty() throws {
        try withTemporaryConnection { db throws in
            #expect(try migrator.migrate(db) == [1, 2])
            #expect(try Migrator.version(of: db) == 2)
            try db.execute("INSERT INTO t (x, y) VALUES (?, ?)", [1, "a"])
        }
    }

    @Test("running the migrator again applies nothing")
    func rerunIsNoOp() throws {
        try withTemporaryConnection { db throws in
            try migrator.migrate(db)
            #expect(try migrator.migrate(db) == [])
            #expect(try Migrator.version(of: db) == 2)
        }
    }

    @Test("a database at an older version gets only the missing migrations")
    func appliesOnlyMissing() throws {
        try withTemporaryConnection { db throws in
            try Migrator(Array(migrator.migrations.prefix(1))).migrate(db)
            #expect(try migrator.migrate(db) == [2])
        }
    }

    @Test("a failing migration leaves the database at the last good version")
    func failureKeepsLastGoodVersion() throws {
        try withTemporaryConnection { db throws in
            let failing = Migrator(migrator.migrations + [
                Migration(version: 3, name: "fails") { db in
                    try db.execute("CREATE TABLE u (x INTEGER)")
                    throw Boom()
                },
            ])
            #expect(throws: Boom.self) { try failing.migrate(db) }
            #expect(try Migrator.version(of: db) == 2)
            #expect(throws: DatabaseError.self) { try db.execute("SELECT * FROM u") }
        }
    }

    @Test("a database newer than the code is refused")
    func newerDatabaseRefused() throws {
        try withTemporaryConnection { db throws in
            try migrator.migrate(db)
            #expect(throws: MigrationError.self) { try Migrator(Array(migrator.migrations.prefix(1))).migrate(db) }
        }
    }

    @Test("versions with a gap are refused before anything runs")
    func gapRefused() throws {
        try withTemporaryConnection { db throws in
            let gappy = Migrator([Migration(version: 2, name: "skips 1", sql: "CREATE TABLE t (x INTEGER);")])
            #expect(throws: MigrationError.self) { try gappy.migrate(db) }
            #expect(try Migrator.version(of: db) == 0)
        }
    }

    @Test("the pool applies migrations through its writer")
    func migratesThroughPool() async throws {
        try await withTemporaryPool { pool async throws in
            #expect(try await migrator.migrate(pool) == [1, 2])
            #expect(try await migrator.migrate(pool) == [])
        }
    }
}
