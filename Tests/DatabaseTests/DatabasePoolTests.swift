import Database
import Testing

@Suite("DatabasePool")
struct DatabasePoolTests {
    struct Boom: Error {}

    @Test("connections run in WAL with foreign keys on and the configured synchronous level",
          arguments: [(DatabaseConfiguration.Synchronous.full, 2), (.normal, 1)])
    func pragmas(level: DatabaseConfiguration.Synchronous, expected: Int) async throws {
        try await withTemporaryPool(.init(synchronous: level, readerCount: 1)) { pool async throws in
            for run in [pool.read, pool.writeWithoutTransaction] as [(@escaping @Sendable (any DatabaseConnection) throws -> [Int]) async throws -> [Int]] {
                let values = try await run { db in
                    let mode = try db.queryOne("PRAGMA journal_mode") { row throws(DatabaseError) in try row.string(0) }
                    let keys = try db.queryOne("PRAGMA foreign_keys") { row throws(DatabaseError) in try row.int(0) }
                    let sync = try db.queryOne("PRAGMA synchronous") { row throws(DatabaseError) in try row.int(0) }
                    return [mode == "wal" ? 1 : 0, keys ?? -1, sync ?? -1]
                }
                #expect(values == [1, 1, expected])
            }
        }
    }

    @Test("a write whose closure throws leaves nothing behind")
    func throwingWriteRollsBack() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            await #expect(throws: Boom.self) {
                try await pool.write { db in
                    try db.execute("INSERT INTO t VALUES (1)")
                    throw Boom()
                }
            }
            let count = try await pool.read { db in try db.queryOne("SELECT count(*) FROM t") { row throws(DatabaseError) in try row.int(0) } }
            #expect(count == 0)
        }
    }

    @Test("reads see what a write committed")
    func readsSeeCommittedWrites() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in
                try db.execute("CREATE TABLE t (x INTEGER)")
                try db.execute("INSERT INTO t VALUES (?)", [7])
            }
            let value = try await pool.read { db in try db.queryOne("SELECT x FROM t") { row throws(DatabaseError) in try row.int(0) } }
            #expect(value == 7)
        }
    }

    @Test("a reader connection refuses to write")
    func readersAreQueryOnly() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            await #expect(throws: DatabaseError.self) {
                try await pool.read { db in try db.execute("INSERT INTO t VALUES (1)") }
            }
        }
    }

    @Test("concurrent writes are serialized and none is lost")
    func concurrentWritesSerialize() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in try db.executeScript("CREATE TABLE c (n INTEGER); INSERT INTO c VALUES (0);") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await pool.write { db in
                            let n = try db.queryOne("SELECT n FROM c") { row throws(DatabaseError) in try row.int(0) } ?? 0
                            try db.execute("UPDATE c SET n = ?", [n + 1])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let n = try await pool.read { db in try db.queryOne("SELECT n FROM c") { row throws(DatabaseError) in try row.int(0) } }
            #expect(n == 100)
        }
    }

    @Test("a closed pool refuses new work with an error")
    func closedPoolRefuses() async throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let pool = try await DatabasePool(path: file.path, configuration: .init(readerCount: 1))
        await pool.close()
        await #expect(throws: DatabaseError.self) { try await pool.read { _ in 1 } }
    }

    @Test("opening a path in a missing directory fails with the path in the message")
    func openFailureReported() async throws {
        let error = await #expect(throws: DatabaseError.self) {
            _ = try await DatabasePool(path: "/nonexistent-dir-\(UInt64.random(in: 0...UInt64.max))/db.sqlite")
        }
        #expect(error?.message.contains("nonexistent-dir") == true)
    }
}
