import Database
import Testing

@Suite("Connection")
struct ConnectionTests {
    @Test("every bindable type reads back as the same value")
    func roundTrip() throws {
        try withTemporaryConnection { db throws in
            try db.execute("CREATE TABLE t (i INTEGER, big INTEGER, s TEXT, empty TEXT, d REAL, b BLOB, eb BLOB, n TEXT)")
            let missing: String? = nil
            try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [42, Int64.max, "한글 ✓ 'quote'", "", 12.5, [UInt8]([0, 1, 255]), [UInt8](), missing])
            let row = try db.queryOne("SELECT i, big, s, empty, d, b, eb, n FROM t") { row throws(DatabaseError) in
                (try row.int(0), try row.int64(1), try row.string(2), try row.string(3), try row.double(4),
                 try row.bytes(5), try row.bytes(6), try row.optionalString(7))
            }
            let values = try #require(row)
            #expect(values.0 == 42)
            #expect(values.1 == Int64.max)
            #expect(values.2 == "한글 ✓ 'quote'")
            #expect(values.3 == "")
            #expect(values.4 == 12.5)
            #expect(values.5 == [0, 1, 255])
            #expect(values.6 == [])
            #expect(values.7 == nil)
        }
    }

    @Test("reading NULL as a non-optional String throws a type mismatch")
    func nullAsStringThrows() throws {
        try withTemporaryConnection { db throws in
            #expect(throws: DatabaseError.self) {
                _ = try db.queryOne("SELECT NULL") { row throws(DatabaseError) in try row.string(0) }
            }
        }
    }

    @Test("a value that looks like SQL is stored as data, not executed")
    func valuesAreNeverSQL() throws {
        try withTemporaryConnection { db throws in
            try db.execute("CREATE TABLE t (s TEXT)")
            try db.execute("INSERT INTO t VALUES (?)", ["x'); DROP TABLE t; --"])
            let stored = try db.query("SELECT s FROM t") { row throws(DatabaseError) in try row.string(0) }
            #expect(stored == ["x'); DROP TABLE t; --"])
        }
    }

    @Test("a wrong number of arguments is refused with the statement in the error")
    func argumentCountChecked() throws {
        try withTemporaryConnection { db throws in
            let error = #expect(throws: DatabaseError.self) { try db.execute("SELECT ?, ?", [1]) }
            #expect(error?.sql == "SELECT ?, ?")
        }
    }

    @Test("execute refuses a second statement hidden after the first")
    func singleStatementOnly() throws {
        try withTemporaryConnection { db throws in
            try db.execute("CREATE TABLE t (x INTEGER)")
            #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO t VALUES (1); DELETE FROM t") }
        }
    }

    @Test("execute reports how many rows changed")
    func changesCounted() throws {
        try withTemporaryConnection { db throws in
            try db.executeScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);")
            #expect(try db.execute("UPDATE t SET x = x + 1 WHERE x >= ?", [2]) == 2)
        }
    }

    @Test("a query nested inside the same cached query reads both correctly")
    func nestedSameStatement() throws {
        try withTemporaryConnection { db throws in
            try db.executeScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);")
            let sql = "SELECT x FROM t WHERE x >= ? ORDER BY x"
            let pairs = try db.query(sql, [1]) { row throws(DatabaseError) in
                let outer = try row.int(0)
                let inner = try db.query(sql, [outer]) { row throws(DatabaseError) in try row.int(0) }
                return (outer, inner)
            }
            #expect(pairs.map(\.0) == [1, 2])
            #expect(pairs.map(\.1) == [[1, 2], [2]])
        }
    }
}
