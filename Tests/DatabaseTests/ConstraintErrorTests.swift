import Database
import Testing

@Suite("Constraint errors")
struct ConstraintErrorTests {
    private func schema(_ db: Connection) throws {
        try db.executeScript("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
            CREATE TABLE child (id INTEGER PRIMARY KEY,
                                parent_id INTEGER NOT NULL REFERENCES parent(id),
                                quantity INTEGER NOT NULL CONSTRAINT quantity_positive CHECK (quantity > 0));
            INSERT INTO parent (id, code) VALUES (1, 'a');
            """)
    }

    @Test("a duplicate is reported as a unique violation naming table and column")
    func unique() throws {
        try withTemporaryConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO parent (code) VALUES (?)", ["a"]) }
            #expect(error?.kind == .uniqueViolation)
            #expect(error?.isUniqueConstraint == true)
            #expect(error?.isCheckConstraint == false)
            #expect(error?.constraintColumns == ["parent.code"])
        }
    }

    @Test("a rejected value is reported as a check violation naming the constraint")
    func check() throws {
        try withTemporaryConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) {
                try db.execute("INSERT INTO child (parent_id, quantity) VALUES (?, ?)", [1, 0])
            }
            #expect(error?.kind == .checkViolation)
            #expect(error?.isCheckConstraint == true)
            #expect(error?.constraintTarget == "quantity_positive")
        }
    }

    @Test("a dangling reference is reported as a foreign key violation")
    func foreignKey() throws {
        try withTemporaryConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) {
                try db.execute("INSERT INTO child (parent_id, quantity) VALUES (?, ?)", [99, 1])
            }
            #expect(error?.kind == .foreignKeyViolation)
            #expect(error?.isForeignKeyConstraint == true)
            #expect(error?.isUniqueConstraint == false)
        }
    }

    @Test("a missing required value is reported as a not-null violation")
    func notNull() throws {
        try withTemporaryConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO parent (code) VALUES (NULL)") }
            #expect(error?.kind == .notNullViolation)
        }
    }

    @Test("an error's description keeps the SQL on one line and never the bound arguments")
    func descriptionHasNoArguments() throws {
        try withTemporaryConnection { db throws in
            try schema(db)
            let error = #expect(throws: DatabaseError.self) {
                try db.execute("INSERT INTO parent (code)\n    VALUES (?)", ["a"])
            }
            #expect(error?.description.contains("INSERT INTO parent (code) VALUES (?)") == true)
            #expect(error?.description.contains("\n") == false)
            #expect(error?.description.contains("'a'") == false)
        }
    }
}
