import Database
import Dispatch
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

    /// Holds the writer busy until `release`, so the writes queued meanwhile reach it together, as one batch.
    private func queuedTogether<T: Sendable>(_ pool: DatabasePool, _ writes: [@Sendable (any DatabaseConnection) throws -> T])
        async -> [Result<T, any Error>] {
        let gate = DispatchSemaphore(value: 0)
        async let blocker: Void = { _ = try? await pool.write { _ in gate.wait() } }()
        try? await Task.sleep(for: .milliseconds(100))
        let results = await withTaskGroup(of: (Int, Result<T, any Error>).self) { group in
            for (index, write) in writes.enumerated() {
                group.addTask {
                    do { return (index, .success(try await pool.write(write))) } catch { return (index, .failure(error)) }
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
            gate.signal()
            var results: [(Int, Result<T, any Error>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        await blocker
        return results
    }

    @Test("writes queued together each keep their own outcome: one that throws rolls back alone")
    func batchedWritesKeepTheirOwnOutcome() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            let writes: [@Sendable (any DatabaseConnection) throws -> Int] = (1...6).map { value in
                { db in
                    try db.execute("INSERT INTO t VALUES (?)", [value])
                    if value == 3 { throw Boom() }
                    return value
                }
            }
            let results = await queuedTogether(pool, writes)
            #expect(results.map { (try? $0.get()) ?? -1 } == [1, 2, -1, 4, 5, 6])
            let rows = try await pool.read { db in try db.query("SELECT x FROM t ORDER BY x") { row throws(DatabaseError) in try row.int(0) } }
            #expect(rows == [1, 2, 4, 5, 6])
        }
    }

    @Test("a write that fails returns only after its batch committed: a duplicate key finds who has it")
    func failedWriteSeesTheBatchBeforeIt() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in try db.execute("CREATE TABLE u (name TEXT PRIMARY KEY)") }
            let gate = DispatchSemaphore(value: 0)
            async let blocker: Void = { _ = try? await pool.write { _ in gate.wait() } }()
            try await Task.sleep(for: .milliseconds(100))
            // Two sign-ups of one name queued together: the one that loses the race reads the winner's row.
            let seenByTheLoser = await withTaskGroup(of: Int?.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            try await pool.write { db in try db.execute("INSERT INTO u VALUES ('홍길동')") }
                            return nil
                        } catch {
                            return try? await pool.read { db in
                                try db.queryOne("SELECT count(*) FROM u WHERE name = '홍길동'") { row throws(DatabaseError) in try row.int(0) }
                            }
                        }
                    }
                }
                try? await Task.sleep(for: .milliseconds(200))
                gate.signal()
                var seen: [Int?] = []
                for await one in group { seen.append(one) }
                return seen.compactMap { $0 }
            }
            await blocker
            #expect(seenByTheLoser == [1])
        }
    }

    @Test("a write whose error ends the whole transaction fails the writes batched before it; the others commit")
    func abandonedBatchFailsTheEarlierWrites() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            let writes: [@Sendable (any DatabaseConnection) throws -> Int] = (1...3).map { value in
                { db in
                    try db.execute("INSERT INTO t VALUES (?)", [value])
                    // As SQLITE_FULL or an I/O error does, the engine's whole transaction is gone with this error.
                    if value == 2 { try db.execute("ROLLBACK"); throw Boom() }
                    return value
                }
            }
            let results = await queuedTogether(pool, writes)
            #expect(throws: Boom.self) { try results[1].get() }
            // Which writes were batched before the failing one depends on the order they were queued in: each
            // caller told its write committed finds its row, and no caller told it failed does.
            let committed = results.compactMap { try? $0.get() }
            let rows = try await pool.read { db in try db.query("SELECT x FROM t ORDER BY x") { row throws(DatabaseError) in try row.int(0) } }
            #expect(rows == committed.sorted())
            #expect(results.allSatisfy { result in
                if case .failure(let error) = result { return error is Boom || error is DatabaseError }
                return true
            })
        }
    }

    @Test("a write that ends the transaction itself is refused, and so are the writes batched before it")
    func writeEndingTheTransactionIsRefused() async throws {
        try await withTemporaryPool { pool async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            let writes: [@Sendable (any DatabaseConnection) throws -> Int] = (1...3).map { value in
                { db in
                    try db.execute("INSERT INTO t VALUES (?)", [value])
                    if value == 2 { try db.execute("ROLLBACK") }
                    return value
                }
            }
            let results = await queuedTogether(pool, writes)
            #expect(throws: DatabaseError.self) { try results[1].get() }
            let committed = results.compactMap { try? $0.get() }
            let rows = try await pool.read { db in try db.query("SELECT x FROM t ORDER BY x") { row throws(DatabaseError) in try row.int(0) } }
            #expect(rows == committed.sorted())
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
