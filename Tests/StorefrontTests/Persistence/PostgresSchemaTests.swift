import Database
import Foundation
import Testing
import TestSupport
@testable import Storefront

/// The shop's migrations in PostgreSQL's dialect: they apply to an empty database and the schema refuses
/// and reports what SQLite's does, under the same names.
@Suite("Storefront schema on PostgreSQL", .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
struct PostgresSchemaTests {
    static func migrated(_ body: (PostgresPool) async throws -> Void) async throws {
        try await PostgresTestServer.withPool { pool, _ async throws in
            try await StorefrontSchema.migrator.migrate(pool)
            try await body(pool)
        }
    }

    static func product(_ db: any DatabaseConnection, name: String = "장우산", price: Int = 10_000) throws -> Int {
        try db.queryOne("""
            INSERT INTO product (name, price, category, country, manufacturer, quantity, created_at)
            VALUES (?, ?, '생활', '대한민국', '한빛', 5, 0) RETURNING product_id
            """, [name, price]) { row throws(DatabaseError) in try row.int("product_id") } ?? 0
    }

    @Test("every migration applies to an empty database, creating every table at the latest version, and a rerun applies nothing")
    func fromEmpty() async throws {
        try await PostgresTestServer.withPool { pool, _ async throws in
            let applied = try await StorefrontSchema.migrator.migrate(pool)
            #expect(applied == Array(1...StorefrontSchema.migrator.latestVersion))
            #expect(try await StorefrontSchema.migrator.migrate(pool) == [])
            let tables = try await pool.read { db in
                try db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'") { row throws(DatabaseError) in try row.string("tablename") }
            }
            for table in ["users", "product", "cart", "web_payment", "web_payment_item", "toss_payment", "sessions", "login_throttle",
                          "outbox", "processed_event", "product_bigram"] {
                #expect(tables.contains(table), "missing \(table)")
            }
        }
    }

    @Test("a duplicate sign-up id is a unique violation naming users.signup_id")
    func duplicateSignup() async throws {
        try await Self.migrated { pool in
            let insert = "INSERT INTO users (name, phone, signup_id, signup_password, created_at, updated_at) VALUES ('홍길동', '01012345678', ?, 'x', 0, 0)"
            try await pool.write { db in try db.execute(insert, ["hong"]) }
            let error = await #expect(throws: DatabaseError.self) { try await pool.write { db in try db.execute(insert, ["hong"]) } }
            #expect(error?.isUniqueConstraint == true)
            #expect(error?.constraintColumns == ["users.signup_id"])
        }
    }

    @Test("the money bounds refuse a price above 1억, added or changed, naming the bound, and keep the row")
    func priceBound() async throws {
        try await Self.migrated { pool in
            let id = try await pool.write { db in try Self.product(db) }
            let inserted = await #expect(throws: DatabaseError.self) { try await pool.write { db in try Self.product(db, price: 100_000_001) } }
            #expect(inserted?.isCheckConstraint == true)
            #expect(inserted?.constraintTarget == "product_price_max")
            let updated = await #expect(throws: DatabaseError.self) {
                try await pool.write { db in try db.execute("UPDATE product SET price = ? WHERE product_id = ?", [100_000_001, id]) }
            }
            #expect(updated?.constraintTarget == "product_price_max")
            let price = try await pool.read { db in
                try db.queryOne("SELECT price FROM product WHERE product_id = ?", [id]) { row throws(DatabaseError) in try row.int("price") }
            }
            #expect(price == 10_000)
        }
    }

    @Test("a malformed order id and a negative stock are refused by the constraints SQLite names")
    func namedChecks() async throws {
        try await Self.migrated { pool in
            let id = try await pool.write { db in try Self.product(db) }
            let stock = await #expect(throws: DatabaseError.self) {
                try await pool.write { db in try db.execute("UPDATE product SET quantity = -1 WHERE product_id = ?", [id]) }
            }
            #expect(stock?.constraintTarget == "product_stock_nonnegative")
            let order = await #expect(throws: DatabaseError.self) {
                try await pool.write { db in
                    let user = try db.queryOne("""
                        INSERT INTO users (name, phone, signup_id, signup_password, created_at, updated_at)
                        VALUES ('홍길동', '01012345678', 'hong', 'x', 0, 0) RETURNING user_id
                        """) { row throws(DatabaseError) in try row.int("user_id") }
                    try db.execute("""
                        INSERT INTO web_payment (order_id, user_id, signup_id, total_quantity, total_price, customer_name, customer_phone,
                                                 payment_status, created_at, updated_at)
                        VALUES ('bad id!', ?, 'hong', 1, 100, '홍길동', '010', 'PENDING', 0, 0)
                        """, [user])
                }
            }
            #expect(order?.constraintTarget == "web_payment_order_id_format")
        }
    }

    @Test("a two-character search reads the pair index and a longer one the trigram index, never every name",
          arguments: [("우산", "product_bigram"), ("장우산", "product_search")])
    func searchPlans(text: String, index: String) async throws {
        try await Self.migrated { pool in
            let plan = try await pool.read { db in
                // A handful of rows would be scanned whatever the indexes; forbid that to see which index the query can use.
                try db.execute("SET LOCAL enable_seqscan = off")
                let (filter, arguments) = CatalogRepository.filter(for: CatalogQuery(q: text), engine: .postgres)
                return try db.query("EXPLAIN SELECT product_id FROM product \(filter)", arguments) { row throws(DatabaseError) in try row.string(0) }
            }
            #expect(plan.contains { $0.contains(index) }, "\(plan)")
        }
    }

    @Test("names are kept as two-character pieces for two-letter searches and as trigrams for longer ones")
    func searchIndexes() async throws {
        try await Self.migrated { pool in
            let id = try await pool.write { db in try Self.product(db, name: "튼튼한 Umbrella 장우산") }
            let pairs = try await pool.read { db in
                try db.query("SELECT product_id FROM product_bigram WHERE bigram = lower(?)", ["우산"]) { row throws(DatabaseError) in try row.int("product_id") }
            }
            #expect(pairs == [id])
            let latin = try await pool.read { db in
                try db.query("SELECT product_id FROM product_bigram WHERE bigram = lower(?)", ["UM"]) { row throws(DatabaseError) in try row.int("product_id") }
            }
            #expect(latin == [id])
            let renamed = try await pool.write { db in
                try db.execute("UPDATE product SET name = '접이식 양산' WHERE product_id = ?", [id])
                return try db.query("SELECT bigram FROM product_bigram WHERE product_id = ? ORDER BY bigram", [id]) { row throws(DatabaseError) in
                    try row.string("bigram")
                }
            }
            #expect(renamed == [" 양", "식 ", "양산", "이식", "접이"].sorted())
            let long = try await pool.read { db in
                try db.query("SELECT product_id FROM product WHERE name ILIKE ?", ["%이식 양%"]) { row throws(DatabaseError) in try row.int("product_id") }
            }
            #expect(long == [id])
        }
    }
}
