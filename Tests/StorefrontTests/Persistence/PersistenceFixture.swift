import Database
import Foundation
@testable import Storefront

/// A migrated shop database on a temp file, with every repository, removed afterwards.
struct Shop {
    let pool: DatabasePool
    var accounts: AccountRepository { AccountRepository(database: pool) }
    var catalog: CatalogRepository { CatalogRepository(database: pool) }
    var carts: CartRepository { CartRepository(database: pool) }
    var orders: OrderRepository { OrderRepository(database: pool) }
    var payments: PaymentRepository { PaymentRepository(database: pool) }
    var sessions: SessionRepository { SessionRepository(database: pool) }
    var outbox: OutboxRepository { OutboxRepository(database: pool) }
    var processed: ProcessedEventRepository { ProcessedEventRepository(database: pool) }

    /// Inserts a user and returns its id.
    func user(_ signupId: String = "shopper") async throws -> Int {
        try await accounts.create(NewAccount(signupId: signupId, passwordHash: "$2b$04$x", name: "구매자", phone: "01055556666")).id
    }

    /// Inserts a product and returns it.
    func product(_ name: String = "테스트 상품", price: Int = 10_000, category: String = "식품", country: String = "대한민국",
                 manufacturer: String = "한빛식품", quantity: Int = 10) async throws -> Product {
        let product = NewProduct(name: name, price: price, category: category, country: country,
                                 manufacturer: manufacturer, quantity: quantity)
        return try await pool.write { [catalog] db in try catalog.insert(db, product) }
    }

    /// One product per name at the highest unit price the shop takes (1억), `stock` units each.
    func productsAtMaxPrice(_ names: [String], stock: Int) async throws -> [Product] {
        var products: [Product] = []
        for name in names { products.append(try await product(name, price: OrderLimits.maxUnitPrice, quantity: stock)) }
        return products
    }

    func stock(_ productId: Int) async throws -> Int {
        try await catalog.product(id: productId)?.quantity ?? -1
    }

    func count(_ table: String) async throws -> Int {
        try await pool.read { db in try db.queryOne("SELECT count(*) FROM \(table)") { row throws(DatabaseError) in try row.int(0) } ?? 0 }
    }

    /// Gives a product a price that a database from before the price bounds (migration 6) may still hold: the
    /// bound's trigger is set aside for this one write and put back as it was.
    func setPriceFromBeforeBounds(_ productId: Int, _ price: Int) async throws {
        try await pool.write { db in
            let trigger = "product_price_max_update"
            let sql = try db.queryOne("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [trigger]) {
                row throws(DatabaseError) in try row.string(0)
            }
            if sql != nil { try db.execute("DROP TRIGGER \(trigger)") }
            try db.execute("UPDATE product SET price = ? WHERE product_id = ?", [price, productId])
            if let sql { try db.execute(sql) }
        }
    }

    func order(userId: Int, _ lines: [(Int, Int)]) async throws -> Order {
        try await orders.create(NewOrder(userId: userId, signupId: "shopper", customerName: "구매자", customerPhone: "01055556666",
                                         lines: lines.map { NewOrder.Line(productId: $0.0, quantity: $0.1) }))
    }
}

/// Runs `body` against a fresh, migrated shop database and deletes it afterwards.
func withShop(_ body: (Shop) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("shop-tests-\(UUID().uuidString).sqlite").path
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    let pool = try await StorefrontSchema.open(path: path, configuration: .init(readerCount: 2))
    do {
        try await body(Shop(pool: pool))
        await pool.close()
    } catch {
        await pool.close()
        throw error
    }
}
