import Foundation
import Database
import Testing
@testable import Storefront

@Suite("Storefront schema")
struct SchemaTests {
    @Test("migrating an empty database creates every table at the latest version")
    func fromEmpty() async throws {
        try await withShop { shop async throws in
            let tables = try await shop.database.read { db in
                try db.query("SELECT name FROM sqlite_master WHERE type = 'table'") { row throws(DatabaseError) in try row.string(0) }
            }
            for table in ["users", "product", "cart", "web_payment", "web_payment_item", "toss_payment",
                          "sessions", "login_throttle", "outbox", "processed_event"] {
                #expect(tables.contains(table), "missing \(table)")
            }
            let version = try await shop.database.read { db in try Migrator.version(of: db) }
            #expect(version == StorefrontSchema.migrator.latestVersion)
        }
    }

    @Test("copy-database copies every table the schema creates, but the search tables its triggers rebuild")
    func copyCoversEveryTable() async throws {
        try await withShop { shop async throws in
            let tables = try await shop.database.read { db in
                try db.query("SELECT name FROM sqlite_master WHERE type = 'table'") { row throws(DatabaseError) in try row.string(0) }
            }
            let rebuilt = ["product_bigram", "search_position", "sqlite_sequence"]
            let copied = Set(DatabaseCopy.tables.map(\.name))
            for table in tables where !rebuilt.contains(table) && !table.hasPrefix("product_search") {
                #expect(copied.contains(table), "copy-database leaves out \(table)")
            }
        }
    }

    @Test("the two-letter search index is filled for products that existed before it")
    func bigramBackfill() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let pool = try await DatabasePool(path: path, configuration: .init(readerCount: 1))
        do {
            try await Migrator(StorefrontSchema.migrator.migrations.filter { $0.version < 4 }).migrate(pool)
            let catalog = CatalogRepository()
            _ = try await pool.write { db in
                try catalog.insert(db, NewProduct(name: "장우산", price: 9_900, category: "생활", country: "대한민국",
                                                  manufacturer: "한빛", quantity: 1))
            }
            #expect(try await StorefrontSchema.migrator.migrate(pool).first == 4)
            #expect(try await pool.read { db in try catalog.search(db, CatalogQuery(q: "우산")) }.total == 1)
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
    }

    @Test("a two-character search reads the pair index, not every name")
    func twoCharacterSearchUsesIndex() async throws {
        try await withShop { shop async throws in
            let (filter, arguments) = CatalogRepository.filter(for: CatalogQuery(q: "우산"), engine: .sqlite)
            let plan = try await shop.database.read { db in
                try db.query("EXPLAIN QUERY PLAN SELECT product_id FROM product \(filter) ORDER BY product_id DESC LIMIT 24",
                             arguments) { row throws(DatabaseError) in try row.string(3) }
            }
            #expect(plan.contains { $0.contains("product_bigram USING PRIMARY KEY") }, "\(plan)")
            #expect(!plan.contains { $0 == "SCAN product" }, "\(plan)")
        }
    }

    @Test("migrating again applies nothing and keeps the data")
    func rerun() async throws {
        try await withShop { shop async throws in
            _ = try await shop.product()
            #expect(try await StorefrontSchema.migrator.migrate(shop.database) == [])
            #expect(try await shop.count("product") == 1)
        }
    }

    @Test("the database refuses negative stock, naming the constraint")
    func negativeStock() async throws {
        try await withShop { shop async throws in
            let product = try await shop.product()
            let error = await Self.refused(shop, "UPDATE product SET quantity = -1 WHERE product_id = ?", [product.id])
            #expect(error?.isCheckConstraint == true)
            #expect(error?.constraintTarget == "product_stock_nonnegative")
        }
    }

    @Test("the database refuses a zero cart quantity")
    func zeroCartQuantity() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product()
            let error = await Self.refused(shop, """
                INSERT INTO cart (product_id, user_id, signup_id, quantity, created_at, updated_at) VALUES (?, ?, 'x', 0, 0, 0)
                """, [product.id, user])
            #expect(error?.constraintTarget == "cart_quantity_positive")
        }
    }

    @Test("the database refuses an unknown order status and a malformed order id",
          arguments: [("PENDING", "bad id!"), ("SHIPPED", "ord_valid_123")])
    func orderChecks(status: String, orderId: String) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let error = await #expect(throws: DatabaseError.self) {
                try await shop.database.write { db in
                    try db.execute("""
                        INSERT INTO web_payment (order_id, user_id, signup_id, total_quantity, total_price, customer_name,
                                                 customer_phone, payment_status, created_at, updated_at)
                        VALUES (?, ?, 'shopper', 1, 100, 'a', '01000000000', ?, 0, 0)
                        """, [orderId, user, status])
                }
            }
            #expect(error?.isCheckConstraint == true)
        }
    }

    @Test("catalog page queries read product ids from an index, not the table", arguments: CatalogQuery.Sort.allCases)
    func catalogUsesIndexes(sort: CatalogQuery.Sort) async throws {
        try await withShop { shop async throws in
            let (filter, arguments) = CatalogRepository.filter(for: CatalogQuery(category: "식품", sort: sort), engine: .sqlite)
            let order = sort == .new ? "product_id DESC" : "price, product_id"
            let plan = try await shop.database.read { db in
                try db.query("EXPLAIN QUERY PLAN SELECT product_id FROM product \(filter) ORDER BY \(order) LIMIT 24 OFFSET 0",
                             arguments) { row throws(DatabaseError) in try row.string(3) }
            }
            #expect(plan.contains { $0.contains("COVERING INDEX product_by_category") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        }
    }

    /// Runs `sql` in one write, expecting the schema to refuse it, and returns the error it gave.
    static func refused(_ shop: Shop, _ sql: String, _ arguments: [any SQLBindable] = []) async -> DatabaseError? {
        await #expect(throws: DatabaseError.self) {
            try await shop.database.write { db in try db.execute(sql, arguments) }
        }
    }

    @Test("the database refuses a price outside 0…100,000,000원, added or changed, naming the bound",
          arguments: [(-1, "product_price_nonnegative"), (100_000_001, "product_price_max"),
                      (100_000_000_000_000_000, "product_price_max")])
    func priceBounds(price: Int, bound: String) async throws {
        try await withShop { shop async throws in
            let product = try await shop.product()
            let inserted = await Self.refused(shop, """
                INSERT INTO product (name, price, category, country, manufacturer, quantity, created_at)
                VALUES ('비싼 상품', ?, '식품', '대한민국', '한빛식품', 1, 0)
                """, [price])
            #expect(inserted?.constraintTarget == bound)
            let updated = await Self.refused(shop, "UPDATE product SET price = ? WHERE product_id = ?", [price, product.id])
            #expect(updated?.constraintTarget == bound)
            #expect(try await shop.read { db in try CatalogRepository().product(db, id: product.id) }?.price == 10_000)
        }
    }

    @Test("the database takes the price bounds themselves, 0원 and 100,000,000원")
    func priceBoundsInclusive() async throws {
        try await withShop { shop async throws in
            #expect(try await shop.product(price: 0).price == 0)
            #expect(try await shop.product(price: 100_000_000).price == 100_000_000)
        }
    }

    @Test("the database refuses a cart line above 99 units, added or changed")
    func cartQuantityBound() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product()
            let inserted = await Self.refused(shop, """
                INSERT INTO cart (product_id, user_id, signup_id, quantity, created_at, updated_at) VALUES (?, ?, 'x', 100, 0, 0)
                """, [product.id, user])
            #expect(inserted?.constraintTarget == "cart_quantity_max")
            try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "x", productId: product.id, quantity: 99) }
            let grown = await Self.refused(shop, "UPDATE cart SET quantity = quantity + 1")
            #expect(grown?.constraintTarget == "cart_quantity_max")
        }
    }

    @Test("the database refuses an order beyond 100억, a line beyond the price or quantity bounds, and a customer name over 50 code points")
    func orderBounds() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product()
            func order(total: Int, name: String) async -> DatabaseError? {
                await Self.refused(shop, """
                    INSERT INTO web_payment (order_id, user_id, signup_id, total_quantity, total_price, customer_name,
                                             customer_phone, payment_status, created_at, updated_at)
                    VALUES ('ord_bounds_1', ?, 'shopper', 1, ?, ?, '01000000000', 'PENDING', 0, 0)
                    """, [user, total, name])
            }
            #expect(await order(total: 10_000_000_001, name: "구매자")?.constraintTarget == "web_payment_total_max")
            #expect(await order(total: 100, name: String(repeating: "e\u{301}", count: 26))?.constraintTarget
                    == "web_payment_customer_name_length")
            let placed = try await shop.order(userId: user, [(product.id, 1)])
            for (price, quantity) in [(100_000_001, 1), (100, 100), (100, 0)] {
                let line = await Self.refused(shop, """
                    INSERT INTO web_payment_item (web_payment_id, product_id, product_name, unit_price, quantity)
                    VALUES (?, ?, '상품', ?, ?)
                    """, [placed.id, product.id, price, quantity])
                #expect(line?.isConstraintViolation == true)
            }
        }
    }

    @Test("migrating to the bounds keeps every product and cart line, bringing lines above 99 units down to 99")
    func boundsMigrationKeepsRows() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bounds-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let pool = try await DatabasePool(path: path, configuration: .init(readerCount: 1))
        do {
            try await Migrator(StorefrontSchema.migrator.migrations.filter { $0.version < 6 }).migrate(pool)
            let shop = Shop(database: pool)
            let user = try await shop.user()
            let pricey = try await shop.product("오래된 고가 상품", price: 100_000_000_000_000_000)
            let plain = try await shop.product("평범한 상품", price: 5_000)
            try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: pricey.id, quantity: 93) }
            try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: plain.id, quantity: 150) }
            #expect(try await StorefrontSchema.migrator.migrate(pool).first == 6)
            #expect(try await shop.read { db in try CatalogRepository().product(db, id: pricey.id) }?.price == 100_000_000_000_000_000)
            #expect(try await shop.read { db in try CartRepository().lines(db, userId: user) }.map(\.quantity) == [93, 99])
            #expect(try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(q: "고가")) }.total == 1)
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
    }

    @Test("migrating to refunds by means gives a payment refunded before it its refunded total from the balance")
    func refundsByMeansBackfill() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("refunds-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let pool = try await DatabasePool(path: path, configuration: .init(readerCount: 1))
        do {
            try await Migrator(StorefrontSchema.migrator.migrations.filter { $0.version < 7 }).migrate(pool)
            let shop = Shop(database: pool)
            let user = try await shop.user()
            // The order and its payment as rows written before the migration (the repositories read today's
            // columns): 10,000원 by card and 5,000원 in points, 3,000원 refunded.
            try await pool.write { db in
                try db.execute("""
                    INSERT INTO web_payment (order_id, user_id, signup_id, total_quantity, total_price, customer_name,
                                             customer_phone, payment_status, created_at, updated_at)
                    VALUES ('order_old_1', ?, 'shopper', 1, 15000, '구매자', '01055556666', 'PAID', 0, 0)
                    """, [user])
                try db.execute("""
                    INSERT INTO toss_payment (payment_key, order_id, total_price, total_amount, balance_amount, discount,
                                              status, payment_time, updated_at)
                    VALUES ('pk_old', 'order_old_1', 15000, 10000, 12000, 5000, 'PARTIAL_CANCELED', 0, 0)
                    """)
            }
            #expect(try await StorefrontSchema.migrator.migrate(pool).first == 7)
            let row = try #require(try await shop.read { db in try PaymentRepository().find(db, paymentKey: "pk_old") })
            #expect(row.refundedAmount == 3_000 && row.pointsRefunded == 0)
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
    }
}
