import Database
import Testing

/// The unit of work owns the transaction: `write` commits or rolls back as one, and the only way to
/// nest is an explicit savepoint. Written against `any DatabaseWriter` so they hold for every engine.
@Suite("Unit of work")
struct UnitOfWorkTests {
    struct Boom: Error {}

    private func count(_ database: any DatabaseWriter) async throws -> [Int] {
        try await database.read { db in try db.query("SELECT x FROM t ORDER BY x") { row throws(DatabaseError) in try row.int("x") } }
    }

    @Test("a write that throws after several statements leaves none of them behind")
    func writeRollsBackOnThrow() async throws {
        try await withTemporaryPool { pool async throws in
            let database: any DatabaseWriter = pool
            try await database.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            await #expect(throws: Boom.self) {
                try await database.write { db in
                    try db.execute("INSERT INTO t VALUES (1)")
                    try db.execute("UPDATE t SET x = 2")
                    try db.execute("INSERT INTO t VALUES (3)")
                    throw Boom()
                }
            }
            #expect(try await count(database) == [])
        }
    }

    @Test("a savepoint that throws undoes only its own writes and the write commits the rest")
    func savepointRollsBackOnlyItsPart() async throws {
        try await withTemporaryPool { pool async throws in
            let database: any DatabaseWriter = pool
            try await database.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            let stillOpen = try await database.write { db in
                try db.execute("INSERT INTO t VALUES (1)")
                #expect(throws: Boom.self) {
                    try db.savepoint {
                        try db.execute("INSERT INTO t VALUES (2)")
                        throw Boom()
                    }
                }
                try db.execute("INSERT INTO t VALUES (3)")
                return db.isInTransaction
            }
            #expect(stillOpen)
            #expect(try await count(database) == [1, 3])
        }
    }

    @Test("a savepoint that returns keeps its writes, nested ones included")
    func savepointKeepsItsWrites() async throws {
        try await withTemporaryPool { pool async throws in
            let database: any DatabaseWriter = pool
            try await database.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            try await database.write { db in
                try db.savepoint {
                    try db.execute("INSERT INTO t VALUES (1)")
                    try db.savepoint { try db.execute("INSERT INTO t VALUES (2)") }
                }
            }
            #expect(try await count(database) == [1, 2])
        }
    }

    @Test("a write leaves no transaction open on the writer, whether it commits or throws")
    func writeClosesItsTransaction() async throws {
        try await withTemporaryPool { pool async throws in
            let database: any DatabaseWriter = pool
            try await database.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            _ = try? await database.write { db in
                try db.execute("INSERT INTO t VALUES (1)")
                throw Boom()
            }
            let open = try await database.writeWithoutTransaction { db in db.isInTransaction }
            #expect(!open)
        }
    }
}
