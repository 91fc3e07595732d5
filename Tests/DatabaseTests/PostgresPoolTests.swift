import Database
import TestSupport
import Testing

@Suite("PostgreSQL pool", .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
struct PostgresPoolTests {
    struct Boom: Error {}

    @Test("a write whose closure throws leaves nothing behind")
    func throwingWriteRollsBack() async throws {
        try await PostgresTestServer.withPool { pool, _ async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x BIGINT)") }
            await #expect(throws: Boom.self) {
                try await pool.write { db in
                    try db.execute("INSERT INTO t VALUES (1)")
                    throw Boom()
                }
            }
            let count = try await pool.read { db in try db.queryOne("SELECT count(*) AS n FROM t") { row throws(DatabaseError) in try row.int("n") } }
            #expect(count == 0)
        }
    }

    @Test("a read cannot write")
    func readIsReadOnly() async throws {
        try await PostgresTestServer.withPool { pool, _ async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x BIGINT)") }
            await #expect(throws: DatabaseError.self) { try await pool.read { db in try db.execute("INSERT INTO t VALUES (1)") } }
        }
    }

    @Test("a caller that finds every connection busy past the wait gets a pool timeout naming the wait")
    func poolTimeout() async throws {
        try await PostgresTestServer.withPool(poolSize: 1, poolTimeoutMilliseconds: 200) { pool, configuration async throws in
            // The pool's one connection waits on a lock this test holds, so it stays busy exactly as long as the
            // test wants, however slow the machine (a timed sleep could end before the test looked).
            let admin = try PostgresConnection(configuration: configuration)
            try admin.query("SELECT pg_advisory_lock(4242)") { _ throws(DatabaseError) in () }
            async let holder: Void = pool.write { db in try db.query("SELECT pg_advisory_xact_lock(4242)") { _ throws(DatabaseError) in () } }
            let deadline = ContinuousClock.now + .seconds(60)
            var waiting = 0
            while waiting == 0, ContinuousClock.now < deadline {
                waiting = try admin.queryOne("""
                    SELECT count(*) AS n FROM pg_stat_activity
                    WHERE query LIKE 'SELECT pg_advisory_xact_lock%' AND wait_event_type = 'Lock'
                    """, { row throws(DatabaseError) in try row.int("n") }) ?? 0
                if waiting == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            try #require(waiting == 1, "the pool's connection never took the lock wait")
            let error = await #expect(throws: DatabaseError.self) {
                try await pool.read { db in try db.execute("SELECT 1") }
            }
            try admin.query("SELECT pg_advisory_unlock(4242)") { _ throws(DatabaseError) in () }
            _ = try await holder
            #expect(error?.kind == .poolTimeout)
            #expect(error?.message.contains("200 ms") == true)
        }
    }

    @Test("a connection the server dropped is replaced on its next use")
    func lostConnectionReplaced() async throws {
        try await PostgresTestServer.withPool(poolSize: 1) { pool, configuration async throws in
            let before = try await pool.writeWithoutTransaction { db in (db as? PostgresConnection)?.backendProcessID ?? 0 }
            let admin = try PostgresConnection(configuration: configuration)
            try admin.query("SELECT pg_terminate_backend(?::integer, 5000)", [Int(before)]) { _ throws(DatabaseError) in () }
            // The pool's connection learns it is gone on its next use, whichever call that is; the read's query
            // found it dead, so the pool reconnected and ran the read again (it had changed nothing).
            let after = try await pool.read { db in
                try db.queryOne("SELECT pg_backend_pid() AS pid") { row throws(DatabaseError) in try row.int("pid") } ?? 0
            }
            #expect(after != before)
            let again = try await pool.read { db in try db.queryOne("SELECT 1 AS one") { row throws(DatabaseError) in try row.int("one") } }
            #expect(again == 1)
        }
    }

    @Test("a read runs without BEGIN and still cannot write, nor open a read-write transaction")
    func readInAutocommit() async throws {
        try await PostgresTestServer.withPool(poolSize: 1) { pool, _ async throws in
            try await pool.write { db in try db.execute("CREATE TABLE t (x BIGINT)") }
            let inTransaction = try await pool.read { db in db.isInTransaction }
            #expect(!inTransaction)
            await #expect(throws: DatabaseError.self) { try await pool.read { db in try db.savepoint { try db.execute("INSERT INTO t VALUES (1)") } } }
            // Migrations write outside a transaction; the connection is read-only again afterwards.
            try await pool.writeWithoutTransaction { db in try db.execute("INSERT INTO t VALUES (2)") }
            await #expect(throws: DatabaseError.self) { try await pool.read { db in try db.execute("INSERT INTO t VALUES (3)") } }
            let rows = try await pool.read { db in try db.queryOne("SELECT count(*) AS n FROM t") { row throws(DatabaseError) in try row.int("n") } }
            #expect(rows == 1)
        }
    }

    @Test("a connection lost in the middle of a closure fails that call as connection lost, and the next call reconnects")
    func lostMidClosure() async throws {
        try await PostgresTestServer.withPool(poolSize: 1) { pool, configuration async throws in
            let admin = try PostgresConnection(configuration: configuration)
            let error = await #expect(throws: DatabaseError.self) {
                try await pool.writeWithoutTransaction { db in
                    let pid = (db as? PostgresConnection)?.backendProcessID ?? 0
                    try admin.query("SELECT pg_terminate_backend(?::integer, 5000)", [Int(pid)]) { _ throws(DatabaseError) in () }
                    try db.execute("SELECT 1")
                }
            }
            #expect(error?.kind == .connectionLost)
            let one = try await pool.writeWithoutTransaction { db in try db.queryOne("SELECT 1 AS one") { row throws(DatabaseError) in try row.int("one") } }
            #expect(one == 1)
        }
    }

    @Test("a statement running past statement_timeout is cancelled as a statement timeout")
    func statementTimeout() async throws {
        try await PostgresTestServer.withPool(poolSize: 1, statementTimeoutMilliseconds: 100) { pool, _ async throws in
            let error = await #expect(throws: DatabaseError.self) {
                try await pool.write { db in try db.execute("SELECT pg_sleep(5)") }
            }
            #expect(error?.kind == .statementTimeout)
            // The connection is still good afterwards.
            let one = try await pool.read { db in try db.queryOne("SELECT 1 AS one") { row throws(DatabaseError) in try row.int("one") } }
            #expect(one == 1)
        }
    }

    @Test("a server nobody listens on stops the pool from opening, naming the server and not the password")
    func unreachable() async throws {
        let url = try PostgresURL(parsing: "postgres://shop:hunter2secret@127.0.0.1:1/shop")
        let error = await #expect(throws: DatabaseError.self) {
            _ = try await PostgresPool(configuration: PostgresConfiguration(url: url, poolSize: 1))
        }
        #expect(error?.kind == .connectionLost)
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("127.0.0.1:1"))
        #expect(!text.contains("hunter2secret"))
    }
}
