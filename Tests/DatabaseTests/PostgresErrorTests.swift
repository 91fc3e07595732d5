import Database
import TestSupport
import Testing

@Suite("PostgreSQL errors", .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
struct PostgresErrorTests {
    private func schema(_ db: PostgresConnection) throws {
        try db.executeScript("""
            CREATE TABLE parent (id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE);
            CREATE TABLE child (id BIGINT PRIMARY KEY,
                                parent_id BIGINT NOT NULL REFERENCES parent (id),
                                quantity BIGINT NOT NULL CONSTRAINT quantity_positive CHECK (quantity > 0));
            INSERT INTO parent (id, code) VALUES (1, 'a');
            """)
    }

    @Test("a duplicate is a unique violation naming table and column, without the value")
    func unique() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO parent (id, code) VALUES (?, ?)", [2, "a"]) }
            #expect(error?.kind == .uniqueViolation)
            #expect(error?.sqlState == "23505")
            #expect(error?.isUniqueConstraint == true)
            #expect(error?.constraintColumns == ["parent.code"])
            #expect(error?.constraintTarget == "parent_code_key")
        }
    }

    @Test("a rejected value is a check violation naming the constraint")
    func check() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO child VALUES (1, 1, ?)", [0]) }
            #expect(error?.kind == .checkViolation)
            #expect(error?.isCheckConstraint == true)
            #expect(error?.constraintTarget == "quantity_positive")
            #expect(error.map { "\($0)" }?.contains("Failing row") == false)
        }
    }

    @Test("a row pointing nowhere is a foreign key violation")
    func foreignKey() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO child VALUES (1, ?, 1)", [99]) }
            #expect(error?.kind == .foreignKeyViolation)
            #expect(error?.isForeignKeyConstraint == true)
        }
    }

    @Test("a missing required value is a not-null violation naming the column")
    func notNull() async throws {
        try await PostgresTestServer.withConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO parent (id, code) VALUES (5, ?)", [nil as String?]) }
            #expect(error?.kind == .notNullViolation)
            #expect(error?.constraintColumns == ["parent.code"])
        }
    }

    @Test("SQLSTATEs map onto the engine-neutral kinds", arguments: [
        ("23505", DatabaseError.Kind.uniqueViolation), ("23514", .checkViolation), ("23503", .foreignKeyViolation),
        ("23502", .notNullViolation), ("40001", .serializationFailure), ("40P01", .deadlock), ("57014", .statementTimeout),
        ("08006", .connectionLost), ("57P01", .connectionLost), ("42P01", .other),
    ])
    func sqlStateKinds(state: String, kind: DatabaseError.Kind) async throws {
        // RAISE with an ERRCODE makes the server itself report each SQLSTATE.
        try await PostgresTestServer.withConnection { db throws in
            let error = #expect(throws: DatabaseError.self) {
                try db.executeScript("DO $$ BEGIN RAISE EXCEPTION 'raised' USING ERRCODE = '\(state)'; END $$")
            }
            #expect(error?.sqlState == state)
            #expect(error?.kind == kind)
        }
    }

    @Test("two transactions updating the same rows in opposite orders: one gets a deadlock")
    func deadlock() async throws {
        try await PostgresTestServer.withPool(poolSize: 2) { pool, _ async throws in
            try await pool.write { db in
                try db.executeScript("CREATE TABLE d (id BIGINT PRIMARY KEY, n BIGINT); INSERT INTO d VALUES (1, 0), (2, 0);")
            }
            let results = await withTaskGroup(of: DatabaseError.Kind?.self) { group in
                for order in [[1, 2], [2, 1]] {
                    group.addTask {
                        do {
                            try await pool.write { db in
                                try db.execute("UPDATE d SET n = n + 1 WHERE id = ?", [order[0]])
                                // Both hold their first row before either asks for its second.
                                try db.execute("SELECT pg_sleep(0.3)")
                                try db.execute("UPDATE d SET n = n + 1 WHERE id = ?", [order[1]])
                            }
                            return nil
                        } catch let error as DatabaseError {
                            return error.kind
                        } catch {
                            return .other
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.compactMap { $0 } == [.deadlock])
        }
    }

    @Test("a serializable transaction that lost a race is a serialization failure")
    func serializationFailure() async throws {
        try await PostgresTestServer.withPool(poolSize: 2) { pool, configuration async throws in
            try await pool.write { db in try db.executeScript("CREATE TABLE c (id BIGINT PRIMARY KEY, n BIGINT); INSERT INTO c VALUES (1, 0);") }
            let first = try PostgresConnection(configuration: configuration)
            let second = try PostgresConnection(configuration: configuration)
            try first.executeScript("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT n FROM c;")
            try second.execute("UPDATE c SET n = 1 WHERE id = 1")
            let error = #expect(throws: DatabaseError.self) { try first.execute("UPDATE c SET n = 2 WHERE id = 1") }
            #expect(error?.kind == .serializationFailure)
            try first.executeScript("ROLLBACK")
        }
    }
}
