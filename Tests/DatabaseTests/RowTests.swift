import Database
import Testing

@Suite("Rows by column name")
struct RowTests {
    @Test("columns are read by name whatever their position in the select list")
    func readsByName() throws {
        try withTemporaryConnection { db throws in
            let values = try db.queryOne("SELECT 'b' AS second, 7 AS first, NULL AS missing, 2.5 AS ratio, x'0102' AS raw") {
                row throws(DatabaseError) in
                (try row.int("first"), try row.string("second"), try row.optionalString("missing"),
                 try row.double("ratio"), try row.bytes("raw"), try row.bool("first"))
            }
            #expect(values?.0 == 7)
            #expect(values?.1 == "b")
            #expect(values?.2 == nil)
            #expect(values?.3 == 2.5)
            #expect(values?.4 == [1, 2])
            #expect(values?.5 == true)
        }
    }

    @Test("reading a column the result does not have throws an error naming the column and the SQL")
    func unknownColumnIsNamed() throws {
        try withTemporaryConnection { db throws in
            let sql = "SELECT 1 AS id, 'x' AS name"
            let error = #expect(throws: DatabaseError.self) {
                try db.queryOne(sql) { row throws(DatabaseError) in try row.string("nmae") }
            }
            #expect(error?.kind == .other)
            #expect(error?.message.contains("'nmae'") == true)
            #expect(error?.message.contains("id, name") == true)
            #expect(error?.sql == sql)
        }
    }

    @Test("reading NULL by name as a non-optional value throws a mismatch naming the column")
    func nullByNameIsMismatch() throws {
        try withTemporaryConnection { db throws in
            let error = #expect(throws: DatabaseError.self) {
                try db.queryOne("SELECT NULL AS paid_at") { row throws(DatabaseError) in try row.string("paid_at") }
            }
            #expect(error?.message.contains("paid_at") == true)
        }
    }

    @Test("a cached statement reads the right columns by name on every use")
    func cachedStatementKeepsNames() throws {
        try withTemporaryConnection { db throws in
            try db.executeScript("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two');")
            for _ in 0..<3 {
                let rows = try db.query("SELECT b, a FROM t ORDER BY a", []) { row throws(DatabaseError) in
                    "\(try row.int("a"))=\(try row.string("b"))"
                }
                #expect(rows == ["1=one", "2=two"])
            }
        }
    }
}
