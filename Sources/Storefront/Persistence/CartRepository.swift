import Database
import Foundation

/// A shopper's cart (`cart`): one line per product, quantities always positive.
public struct CartRepository: Sendable {
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    /// Adds `quantity` of a product; adding a product already in the cart adds to its line.
    /// Returns the line's quantity afterwards. Throws `productNotFound` for an unknown product.
    @discardableResult
    public func add(_ db: Connection, userId: Int, signupId: String, productId: Int, quantity: Int,
                    addToken: String? = nil, now: Date = Date()) throws -> Int {
        guard quantity > 0 else { throw PersistenceError.invalidQuantity(quantity) }
        do {
            let total = try db.queryOne("""
                INSERT INTO cart (product_id, user_id, signup_id, quantity, created_at, updated_at, last_add_token)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, product_id)
                DO UPDATE SET quantity = cart.quantity + excluded.quantity, updated_at = excluded.updated_at,
                    last_add_token = excluded.last_add_token
                RETURNING quantity
                """, [productId, userId, signupId, quantity, now.unixSeconds, now.unixSeconds, addToken]) { row throws(DatabaseError) in
                try row.int(0)
            }
            return total ?? quantity
        } catch {
            if error.isForeignKeyConstraint { throw PersistenceError.productNotFound(productId) }
            throw error
        }
    }

    /// Sets a line's quantity; 0 removes the line. Returns whether the cart had that product.
    @discardableResult
    public func setQuantity(_ db: Connection, userId: Int, productId: Int, quantity: Int, now: Date = Date()) throws -> Bool {
        guard quantity >= 0 else { throw PersistenceError.invalidQuantity(quantity) }
        if quantity == 0 { return try remove(db, userId: userId, productId: productId) }
        return try db.execute("UPDATE cart SET quantity = ?, updated_at = ? WHERE user_id = ? AND product_id = ?",
                              [quantity, now.unixSeconds, userId, productId]) > 0
    }

    /// Removes a product's line. Returns whether there was one.
    @discardableResult
    public func remove(_ db: Connection, userId: Int, productId: Int) throws -> Bool {
        try db.execute("DELETE FROM cart WHERE user_id = ? AND product_id = ?", [userId, productId]) > 0
    }

    /// The catalog's product columns, qualified for the join with `cart`.
    static let productColumns = CatalogRepository.columns.split(separator: ",")
        .map { "p." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")

    /// The cart's lines with current product data, oldest line first.
    public func lines(_ db: Connection, userId: Int) throws -> [CartLine] {
        try db.query("""
            SELECT c.cart_id, c.quantity, \(Self.productColumns)
            FROM cart c JOIN product p ON p.product_id = c.product_id
            WHERE c.user_id = ? ORDER BY c.cart_id
            """, [userId]) { row throws(DatabaseError) in
            CartLine(cartId: try row.int(0), product: try CatalogRepository.product(row, from: 2), quantity: try row.int(1))
        }
    }

    /// The quantity of a product already in the cart, or `nil` when it has no line.
    public func quantity(_ db: Connection, userId: Int, productId: Int) throws -> Int? {
        try line(db, userId: userId, productId: productId)?.quantity
    }

    /// The quantity of a product in the cart and the token of the form that last added to it; nil without a line.
    public func line(_ db: Connection, userId: Int, productId: Int) throws -> (quantity: Int, lastAddToken: String?)? {
        try db.queryOne("SELECT quantity, last_add_token FROM cart WHERE user_id = ? AND product_id = ?",
                        [userId, productId]) { row throws(DatabaseError) in
            (try row.int(0), try row.get(1) as String?)
        }
    }

    /// How many lines (distinct products) the cart has, for the header badge.
    public func lineCount(_ db: Connection, userId: Int) throws -> Int {
        try db.queryOne("SELECT count(*) FROM cart WHERE user_id = ?", [userId]) { row throws(DatabaseError) in try row.int(0) } ?? 0
    }

    /// Removes every line of the cart, or only those for `productIds` (what an order just bought).
    /// Returns the number of lines removed.
    @discardableResult
    public func clear(_ db: Connection, userId: Int, productIds: [Int]? = nil) throws -> Int {
        guard let productIds else { return try db.execute("DELETE FROM cart WHERE user_id = ?", [userId]) }
        var removed = 0
        for productId in productIds { removed += try db.execute("DELETE FROM cart WHERE user_id = ? AND product_id = ?", [userId, productId]) }
        return removed
    }

    // MARK: Async conveniences

    @discardableResult
    public func add(userId: Int, signupId: String, productId: Int, quantity: Int) async throws -> Int {
        try await database.write { db in try self.add(db, userId: userId, signupId: signupId, productId: productId, quantity: quantity) }
    }

    @discardableResult
    public func setQuantity(userId: Int, productId: Int, quantity: Int) async throws -> Bool {
        try await database.write { db in try self.setQuantity(db, userId: userId, productId: productId, quantity: quantity) }
    }

    @discardableResult
    public func remove(userId: Int, productId: Int) async throws -> Bool {
        try await database.write { db in try self.remove(db, userId: userId, productId: productId) }
    }

    public func lines(userId: Int) async throws -> [CartLine] {
        try await database.read { db in try self.lines(db, userId: userId) }
    }

    @discardableResult
    public func clear(userId: Int) async throws -> Int {
        try await database.write { db in try self.clear(db, userId: userId) }
    }
}
