import Database
import Foundation

/// A shopper's cart (`cart`): one line per product, quantities always positive.
public struct CartRepository: Sendable {
    public init() {}

    /// Adds `quantity` of a product; adding a product already in the cart adds to its line.
    /// Returns the line's quantity afterwards. Throws `productNotFound` for an unknown product.
    @discardableResult
    public func add(_ db: any DatabaseConnection, userId: Int, signupId: String, productId: Int, quantity: Int,
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
                try row.int("quantity")
            }
            return total ?? quantity
        } catch {
            if error.isForeignKeyConstraint { throw PersistenceError.productNotFound(productId) }
            throw error
        }
    }

    /// Sets a line's quantity; 0 removes the line. Returns whether the cart had that product.
    @discardableResult
    public func setQuantity(_ db: any DatabaseConnection, userId: Int, productId: Int, quantity: Int, now: Date = Date()) throws -> Bool {
        guard quantity >= 0 else { throw PersistenceError.invalidQuantity(quantity) }
        if quantity == 0 { return try remove(db, userId: userId, productId: productId) }
        return try db.execute("UPDATE cart SET quantity = ?, updated_at = ? WHERE user_id = ? AND product_id = ?",
                              [quantity, now.unixSeconds, userId, productId]) > 0
    }

    /// Removes a product's line. Returns whether there was one.
    @discardableResult
    public func remove(_ db: any DatabaseConnection, userId: Int, productId: Int) throws -> Bool {
        try db.execute("DELETE FROM cart WHERE user_id = ? AND product_id = ?", [userId, productId]) > 0
    }

    /// The catalog's product columns, qualified for the join with `cart` and named as they are in `product`
    /// (SQLite leaves a qualified column's name unspecified without AS); the cart's own quantity is aliased.
    static let productColumns = Product.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .map { column in "p.\(column) AS \(column)" }.joined(separator: ", ")

    /// The cart's lines with current product data, oldest line first.
    public func lines(_ db: any DatabaseConnection, userId: Int) throws -> [CartLine] {
        try db.query("""
            SELECT c.cart_id, c.quantity AS cart_quantity, \(Self.productColumns)
            FROM cart c JOIN product p ON p.product_id = c.product_id
            WHERE c.user_id = ? ORDER BY c.cart_id
            """, [userId]) { row throws(DatabaseError) in
            CartLine(cartId: try row.int("cart_id"), product: try Product(row: row), quantity: try row.int("cart_quantity"))
        }
    }

    /// The quantity of a product already in the cart, or `nil` when it has no line.
    public func quantity(_ db: any DatabaseConnection, userId: Int, productId: Int) throws -> Int? {
        try line(db, userId: userId, productId: productId)?.quantity
    }

    /// The quantity of a product in the cart and the token of the form that last added to it; nil without a line.
    public func line(_ db: any DatabaseConnection, userId: Int, productId: Int) throws -> (quantity: Int, lastAddToken: String?)? {
        try db.queryOne("SELECT quantity, last_add_token FROM cart WHERE user_id = ? AND product_id = ?",
                        [userId, productId]) { row throws(DatabaseError) in
            (try row.int("quantity"), try row.optionalString("last_add_token"))
        }
    }

    /// How many lines (distinct products) the cart has, for the header badge.
    public func lineCount(_ db: any DatabaseConnection, userId: Int) throws -> Int {
        try db.queryOne("SELECT count(*) AS lines FROM cart WHERE user_id = ?", [userId]) { row throws(DatabaseError) in
            try row.int("lines")
        } ?? 0
    }

    /// Removes every line of the cart, or only those for `productIds` (what an order just bought).
    /// Returns the number of lines removed.
    @discardableResult
    public func clear(_ db: any DatabaseConnection, userId: Int, productIds: [Int]? = nil) throws -> Int {
        guard let productIds else { return try db.execute("DELETE FROM cart WHERE user_id = ?", [userId]) }
        var removed = 0
        for productId in productIds { removed += try db.execute("DELETE FROM cart WHERE user_id = ? AND product_id = ?", [userId, productId]) }
        return removed
    }
}
