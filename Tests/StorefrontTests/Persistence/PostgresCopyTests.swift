import Database
import Foundation
import Testing
import TestSupport
@testable import Storefront

@Suite("copy-database into PostgreSQL", .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
struct PostgresCopyTests {
    /// A migrated SQLite shop with the demo catalog and account, a cart line and an outbox event.
    static func withSQLiteShop(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let pool = try await StorefrontSchema.open(path: path, configuration: .init(readerCount: 1))
        do {
            _ = try await DemoCatalog.seed(into: pool)
            try await pool.write { db in
                try db.execute("""
                    INSERT INTO cart (product_id, user_id, signup_id, quantity, created_at, updated_at)
                    SELECT (SELECT max(product_id) FROM product), user_id, signup_id, 2, 1, 1 FROM users LIMIT 1
                    """)
                try db.execute("INSERT INTO outbox (event_id, topic, aggregate_id, payload, created_at) VALUES ('e1', 'stock.changed', '1', '{}', 1)")
            }
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
        try await body(path)
    }

    static func counts(_ db: any DatabaseConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in DatabaseCopy.tables {
            counts[table.name] = try db.queryOne("SELECT count(*) AS n FROM \(table.name)") { row throws(DatabaseError) in try row.int("n") }
        }
        return counts
    }

    @Test("every table arrives with its ids, and new rows are numbered past the copied ones")
    func copiesEverything() async throws {
        try await Self.withSQLiteShop { path in
            try await PostgresTestServer.withDatabase { url in
                let configuration = PostgresConfiguration(url: url, poolSize: 1)
                let copied = try DatabaseCopy.copy(sqlitePath: path, to: configuration)
                let source = try Connection(path: path, readOnly: true)
                #expect(copied == (try Self.counts(source)))
                #expect((copied["product"] ?? 0) > 0 && copied["cart"] == 1 && copied["outbox"] == 1)
                let target = try PostgresConnection(configuration: configuration)
                #expect(try Self.counts(target) == copied)
                let sourceMax = try source.queryOne("SELECT max(product_id) AS id FROM product") { row throws(DatabaseError) in try row.int("id") }
                let next = try target.queryOne("""
                    INSERT INTO product (name, price, category, country, manufacturer, quantity, created_at)
                    VALUES ('새 상품', 1000, '생활', '대한민국', '한빛', 1, 0) RETURNING product_id
                    """) { row throws(DatabaseError) in try row.int("product_id") }
                #expect(next == (sourceMax ?? 0) + 1)
                let pairs = try target.queryOne("SELECT count(DISTINCT product_id) AS n FROM product_bigram") { row throws(DatabaseError) in try row.int("n") }
                #expect(pairs == (copied["product"] ?? 0) + 1)
            }
        }
    }

    @Test("a target that already holds a shop is refused and left as it was")
    func refusesNonEmptyTarget() async throws {
        try await Self.withSQLiteShop { path in
            try await PostgresTestServer.withDatabase { url in
                let configuration = PostgresConfiguration(url: url, poolSize: 1)
                let first = try DatabaseCopy.copy(sqlitePath: path, to: configuration)
                let error = #expect(throws: DatabaseCopy.Refusal.self) { try DatabaseCopy.copy(sqlitePath: path, to: configuration) }
                #expect(error?.message.contains("not empty") == true)
                #expect(try Self.counts(try PostgresConnection(configuration: configuration)) == first)
            }
        }
    }

    @Test("copy-database needs a sqlite: source and a postgres:// target")
    func commandLine() throws {
        #expect(try CommandLineParser.parse(["copy-database", "--from", "sqlite:var/shop.sqlite", "--to", "postgres://u:p@h/db"])
                == .copyDatabase(from: "var/shop.sqlite", to: "postgres://u:p@h/db"))
        #expect(throws: UsageError.self) { try CommandLineParser.parse(["copy-database", "--from", "var/shop.sqlite", "--to", "postgres://u:p@h/db"]) }
        #expect(throws: UsageError.self) { try CommandLineParser.parse(["copy-database", "--from", "sqlite:x"]) }
    }
}
