import Database
import Foundation
@testable import Storefront

/// A migrated shop database with every repository. Suites reach it through `read` and `write`, one unit
/// of work per step as the services do, so they depend only on `any DatabaseWriter`, not on the engine.
struct Shop {
    let database: any DatabaseWriter
    let accounts = AccountRepository()
    let catalog = CatalogRepository()
    let carts = CartRepository()
    let orders = OrderRepository()
    let payments = PaymentRepository()
    let sessions = SessionRepository()
    let outbox = OutboxRepository()
    let processed = ProcessedEventRepository()

    init(database: any DatabaseWriter) { self.database = database }

    /// One read of the shop's database.
    func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await database.read(body)
    }

    /// One write transaction on the shop's database.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await database.write(body)
    }

    /// Inserts a user and returns its id.
    func user(_ signupId: String = "shopper") async throws -> Int {
        try await write { [accounts] db in
            try accounts.create(db, NewAccount(signupId: signupId, passwordHash: "$2b$04$x", name: "구매자", phone: "01055556666")).id
        }
    }

    /// Inserts a product and returns it.
    func product(_ name: String = "테스트 상품", price: Int = 10_000, category: String = "식품", country: String = "대한민국",
                 manufacturer: String = "한빛식품", quantity: Int = 10) async throws -> Product {
        let product = NewProduct(name: name, price: price, category: category, country: country,
                                 manufacturer: manufacturer, quantity: quantity)
        return try await write { [catalog] db in try catalog.insert(db, product) }
    }

    /// One product per name at the highest unit price the shop takes (1억), `stock` units each.
    func productsAtMaxPrice(_ names: [String], stock: Int) async throws -> [Product] {
        var products: [Product] = []
        for name in names { products.append(try await product(name, price: OrderLimits.maxUnitPrice, quantity: stock)) }
        return products
    }

    func stock(_ productId: Int) async throws -> Int {
        try await read { [catalog] db in try catalog.product(db, id: productId)?.quantity ?? -1 }
    }

    func count(_ table: String) async throws -> Int {
        try await read { db in try db.queryOne("SELECT count(*) AS n FROM \(table)") { row throws(DatabaseError) in try row.int("n") } ?? 0 }
    }

    /// Gives a product a price that a database from before the price bounds (migration 6) may still hold: the
    /// bound's trigger is set aside for this one write and put back as it was.
    func setPriceFromBeforeBounds(_ productId: Int, _ price: Int) async throws {
        try await write { db in
            let trigger = "product_price_max_update"
            if db.engine == .postgres {
                // The bound is a trigger function there too; disabled inside this transaction only.
                try db.execute("ALTER TABLE product DISABLE TRIGGER \(trigger)")
                try db.execute("UPDATE product SET price = ? WHERE product_id = ?", [price, productId])
                try db.execute("ALTER TABLE product ENABLE TRIGGER \(trigger)")
                return
            }
            let sql = try db.queryOne("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [trigger]) {
                row throws(DatabaseError) in try row.string(0)
            }
            if sql != nil { try db.execute("DROP TRIGGER \(trigger)") }
            try db.execute("UPDATE product SET price = ? WHERE product_id = ?", [price, productId])
            if let sql { try db.execute(sql) }
        }
    }

    func order(userId: Int, _ lines: [(Int, Int)]) async throws -> Order {
        let request = NewOrder(userId: userId, signupId: "shopper", customerName: "구매자", customerPhone: "01055556666",
                               lines: lines.map { NewOrder.Line(productId: $0.0, quantity: $0.1) })
        return try await write { [orders] db in try orders.create(db, request) }
    }
}

/// Runs `body` `count` times at once, each in a task of its own, and returns every result (in no set order):
/// how the race suites make separate writes meet.
func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: T.self) { group in
        for index in 0..<count { group.addTask { try await body(index) } }
        return try await group.reduce(into: [T]()) { $0.append($1) }
    }
}
