import Database
import TestSupport
import Foundation
import Testing

@Suite("PostgreSQL connection", .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
struct PostgresConnectionTests {
    @Test("text with quotes, backslashes, a question mark and Hangul comes back as it was bound")
    func textRoundTrip() async throws {
        try await PostgresTestServer.withConnection { db throws in
            let text = "it's a \"quote\" \\ -- ? /* 우산 */ $1 $$"
            let back = try db.queryOne("SELECT ? AS value", [text]) { row throws(DatabaseError) in try row.string("value") }
            #expect(back == text)
        }
    }

    @Test("a prepared statement run many times is planned with its bound values every time, never one generic plan")
    func plansWithBoundValues() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try db.executeScript("""
                CREATE TABLE item (id BIGINT PRIMARY KEY, kind BIGINT NOT NULL);
                INSERT INTO item SELECT n, CASE WHEN n % 1000 = 0 THEN 1 ELSE 0 END FROM generate_series(1, 20000) AS n;
                CREATE INDEX item_kind ON item (kind, id);
                ANALYZE item;
                """)
            var plans: [String] = []
            for _ in 0..<8 {
                let plan = try db.query("EXPLAIN SELECT id FROM item WHERE kind = ? ORDER BY id DESC LIMIT 5", [1]) {
                    row throws(DatabaseError) in try row.string(0)
                }
                plans.append(plan.joined(separator: " | "))
            }
            // The bound value shows in a custom plan; a generic plan would say $1 from the sixth run on.
            #expect(plans.allSatisfy { !$0.contains("$1") }, "\(plans)")
        }
    }

    @Test("a ? inside a string literal, a quoted identifier or a comment is text, not a parameter")
    func questionMarkInLiteral() async throws {
        try await PostgresTestServer.withConnection { db throws in
            let row = try db.queryOne("""
                SELECT '?' AS literal, E'\\'?' AS escaped, $$?$$ AS dollar, ? AS bound, 1 AS "what?" -- ?
                /* ? /* ? */ */
                """, [7]) { row throws(DatabaseError) in
                [try row.string("literal"), try row.string("escaped"), try row.string("dollar"), String(try row.int("bound")),
                 String(try row.int("what?"))]
            }
            #expect(row == ["?", "'?", "?", "7", "1"])
        }
    }

    @Test("integers at the ends of Int64, doubles and NULL round-trip through a table")
    func numbersAndNull() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try db.execute("CREATE TABLE t (id BIGINT, small INTEGER, ratio DOUBLE PRECISION, note TEXT)")
            for value in [Int64.max, Int64.min, 0] {
                try db.execute("INSERT INTO t (id, small, ratio, note) VALUES (?, ?, ?, ?)", [value, 5, 0.1, nil as String?])
            }
            let rows = try db.query("SELECT id, small, ratio, note FROM t ORDER BY id") { row throws(DatabaseError) in
                (try row.int64("id"), try row.int("small"), try row.double("ratio"), try row.optionalString("note"))
            }
            #expect(rows.map(\.0) == [Int64.min, 0, Int64.max])
            #expect(rows.allSatisfy { $0.1 == 5 && $0.2 == 0.1 && $0.3 == nil })
        }
    }

    @Test("bytes round-trip through bytea, every byte value and the empty value")
    func byteaRoundTrip() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try db.execute("CREATE TABLE b (id BIGINT, data BYTEA)")
            let all = (0...255).map { UInt8($0) }
            try db.execute("INSERT INTO b VALUES (1, ?), (2, ?)", [all, [UInt8]()])
            let back = try db.query("SELECT data FROM b ORDER BY id") { row throws(DatabaseError) in try row.bytes("data") }
            #expect(back == [all, []])
        }
    }

    @Test("a sum of bigints (numeric) reads as an integer and a boolean as one or zero")
    func numericAndBool() async throws {
        try await PostgresTestServer.withConnection { db throws in
            let row = try db.queryOne("SELECT sum(x) AS total, true AS yes, false AS no FROM (VALUES (9000000000::bigint), (1)) v (x)") {
                row throws(DatabaseError) in (try row.int64("total"), try row.bool("yes"), try row.bool("no"))
            }
            #expect(row?.0 == 9_000_000_001)
            #expect(row?.1 == true)
            #expect(row?.2 == false)
        }
    }

    @Test("reading a column the result lacks names the column and the SQL")
    func missingColumn() async throws {
        try await PostgresTestServer.withConnection { db throws in
            let error = #expect(throws: DatabaseError.self) {
                try db.queryOne("SELECT 1 AS one") { row throws(DatabaseError) in try row.int("two") }
            }
            #expect(error?.message.contains("two") == true)
            #expect(error?.sql == "SELECT 1 AS one")
        }
    }

    @Test("reading NULL or text as an integer throws instead of inventing a value")
    func strictReads() async throws {
        try await PostgresTestServer.withConnection { db throws in
            #expect(throws: DatabaseError.self) { try db.queryOne("SELECT NULL::bigint AS n") { row throws(DatabaseError) in try row.int("n") } }
            #expect(throws: DatabaseError.self) { try db.queryOne("SELECT 'x' AS t") { row throws(DatabaseError) in try row.int("t") } }
        }
    }

    @Test("the same SQL with an argument NULL once and an integer later works both times")
    func nullThenTyped() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try db.execute("CREATE TABLE n (x BIGINT)")
            try db.execute("INSERT INTO n (x) VALUES (?)", [nil as Int?])
            try db.execute("INSERT INTO n (x) VALUES (?)", [3])
            let count = try db.queryOne("SELECT count(x) AS c FROM n") { row throws(DatabaseError) in try row.int("c") }
            #expect(count == 1)
        }
    }

    @Test("a wrong number of arguments is refused before anything runs")
    func argumentCount() async throws {
        try await PostgresTestServer.withConnection { db throws in
            #expect(throws: DatabaseError.self) { try db.execute("SELECT ?, ?", [1]) }
        }
    }

    @Test("a value the server cannot parse is an error whose message does not repeat it")
    func badValueNotEchoed() async throws {
        try await PostgresTestServer.withConnection { db throws in
            let error = #expect(throws: DatabaseError.self) {
                try db.execute("SELECT ?::bigint", ["secret-value-123"])
            }
            #expect(error?.sqlState == "22P02")
            #expect(error.map { "\($0)" }?.contains("secret-value-123") == false)
        }
    }

    @Test("text holding a NUL character is refused instead of being cut short")
    func nulRefused() async throws {
        try await PostgresTestServer.withConnection { db throws in
            #expect(throws: DatabaseError.self) { try db.queryOne("SELECT ? AS t", ["a\u{0}b"]) { row throws(DatabaseError) in try row.string("t") } }
        }
    }

    @Test("a savepoint that throws undoes its writes and the transaction carries on")
    func savepointRollback() async throws {
        struct Boom: Error {}
        try await PostgresTestServer.withConnection { db throws in
            try db.execute("CREATE TABLE s (x BIGINT)")
            try db.transaction {
                try db.execute("INSERT INTO s VALUES (1)")
                #expect(throws: Boom.self) {
                    try db.savepoint {
                        try db.execute("INSERT INTO s VALUES (2)")
                        throw Boom()
                    }
                }
                // A failed statement inside the savepoint must not poison the outer transaction either.
                #expect(throws: DatabaseError.self) { try db.savepoint { try db.execute("INSERT INTO s VALUES ('x')") } }
                try db.execute("INSERT INTO s VALUES (3)")
            }
            let values = try db.query("SELECT x FROM s ORDER BY x") { row throws(DatabaseError) in try row.int("x") }
            #expect(values == [1, 3])
        }
    }

    @Test("a transaction inside a transaction is refused: nesting is savepoint's job")
    func transactionNotReentrant() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try db.transaction {
                #expect(throws: DatabaseError.self) { try db.transaction { () } }
            }
        }
    }
}
