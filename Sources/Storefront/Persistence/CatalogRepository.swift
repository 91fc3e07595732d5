import Database
import Foundation

/// Reads the catalog for the pages and owns every change to stock.
///
/// Catalog pages are "deferred joins": the page's product ids come from an index-only scan
/// (each filter has an index ordered the way each sort needs, with the rowid included), then
/// only those 24 rows are read. So page 1 costs the same at 100 or 100,000 products, and a deep
/// page costs a short index walk rather than a table scan. Stock never goes below zero: every
/// decrement is a guarded `UPDATE … WHERE quantity >= ?`, never read-then-write.
public struct CatalogRepository: Sendable {
    let ledger = StockLedgerRepository()

    public init() {}

    // MARK: Reading

    /// One page of products matching `query`, plus the total number of matches.
    public func search(_ db: any DatabaseConnection, _ query: CatalogQuery) throws -> CatalogPage {
        CatalogPage(items: try page(db, query), total: try count(db, query), page: query.page, perPage: query.perPage)
    }

    /// Only the products on `query`'s page. Its cost depends on the page depth, not the catalog size.
    public func page(_ db: any DatabaseConnection, _ query: CatalogQuery) throws -> [Product] {
        let (filter, arguments) = Self.filter(for: query, engine: db.engine)
        let order = switch query.sort {
        case .new: "product_id DESC"
        case .priceAscending: "price ASC, product_id ASC"
        case .priceDescending: "price DESC, product_id DESC"
        case .popular: "popularity DESC, product_id DESC"
        }
        return try db.query("""
            SELECT \(Product.columns) FROM product WHERE product_id IN (
                SELECT product_id FROM product \(filter) ORDER BY \(order) LIMIT ? OFFSET ?
            ) ORDER BY \(order)
            """, arguments + [query.perPage, query.offset], Product.init(row:))
    }

    /// How many products match `query`'s search and filters — an index-only count, whose cost
    /// grows with the number of matches (callers cache it; see the cache plugin).
    public func count(_ db: any DatabaseConnection, _ query: CatalogQuery) throws -> Int {
        let (filter, arguments) = Self.filter(for: query, engine: db.engine)
        return try db.queryOne("SELECT count(*) AS matches FROM product \(filter)", arguments) { row throws(DatabaseError) in
            try row.int("matches")
        } ?? 0
    }

    /// The WHERE clause for `query`'s filters: fixed fragments chosen by which filters are set,
    /// with every value bound.
    ///
    /// The name search is the one place the catalog branches on the engine. Both keep the two-character pair
    /// table (filled by triggers) for two-character searches, which trigrams cannot answer. For three or more,
    /// SQLite reads its FTS5 trigram table and PostgreSQL matches with ILIKE, which its pg_trgm GIN index on
    /// `name` serves. One character scans the names on both.
    static func filter(for query: CatalogQuery, engine: DatabaseEngine) -> (String, [any SQLBindable]) {
        var (clauses, arguments) = conditions(for: query, engine: engine)
        // A hidden product (숨김 in the back office) is not for sale: no listing, count or search shows it.
        clauses.append("hidden = 0")
        return ("WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// The conditions for `query`'s filters and search, without the storefront's visibility rule (the back
    /// office lists hidden products too).
    static func conditions(for query: CatalogQuery, engine: DatabaseEngine) -> ([String], [any SQLBindable]) {
        var clauses: [String] = []
        var arguments: [any SQLBindable] = []
        for (column, value) in [("category", query.category), ("country", query.country), ("manufacturer", query.manufacturer)] {
            guard let value, !value.isEmpty else { continue }
            clauses.append("\(column) = ?")
            arguments.append(value)
        }
        if let text = query.q?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            // Counted in code points, as SQLite's substr, length and trigrams count.
            switch (engine, text.unicodeScalars.count) {
            case (.sqlite, 3...):
                // Trigram index: the text as one quoted FTS phrase matches it as a substring.
                clauses.append("product_id IN (SELECT rowid FROM product_search WHERE product_search MATCH ?)")
                arguments.append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            case (_, 2):
                // Below what trigrams answer: the two-character pieces kept for every name.
                clauses.append("product_id IN (SELECT product_id FROM product_bigram WHERE bigram = lower(?))")
                arguments.append(text)
            default:
                // One character on SQLite: scan the names (its LIKE ignores ASCII case, as ILIKE does).
                clauses.append(engine == .postgres ? "name ILIKE ? ESCAPE '\\'" : "name LIKE ? ESCAPE '\\'")
                arguments.append("%" + Self.escapeLike(text) + "%")
            }
        }
        return (clauses, arguments)
    }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The product on sale whose id is `id`; nil for an unknown or hidden one, so neither its page, the cart
    /// nor checkout can reach a hidden product (past orders keep their own copy of its name and price).
    public func product(_ db: any DatabaseConnection, id: Int) throws -> Product? {
        try db.queryOne("SELECT \(Product.columns) FROM product WHERE product_id = ? AND hidden = 0", [id], Product.init(row:))
    }

    /// Distinct categories, alphabetically (read from the category index).
    public func categories(_ db: any DatabaseConnection) throws -> [String] { try distinct(db, "category") }
    /// Distinct countries of origin, alphabetically.
    public func countries(_ db: any DatabaseConnection) throws -> [String] { try distinct(db, "country") }
    /// Distinct manufacturers, alphabetically.
    public func manufacturers(_ db: any DatabaseConnection) throws -> [String] { try distinct(db, "manufacturer") }

    private func distinct(_ db: any DatabaseConnection, _ column: String) throws -> [String] {
        try db.query("SELECT DISTINCT \(column) FROM product ORDER BY \(column)") { row throws(DatabaseError) in
            try row.string(column)
        }
    }

    // MARK: Writing

    /// Adds `units` sold to a product's popularity (the 인기순 sort).
    public func addPopularity(_ db: any DatabaseConnection, productId: Int, units: Int) throws {
        _ = try db.execute("UPDATE product SET popularity = popularity + ? WHERE product_id = ?", [units, productId])
    }

    /// Inserts a product and returns it with its id.
    @discardableResult
    public func insert(_ db: any DatabaseConnection, _ product: NewProduct, now: Date = Date()) throws -> Product {
        let id = try db.queryOne("""
            INSERT INTO product (name, price, category, country, manufacturer, quantity, description, image, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING product_id
            """, [product.name, product.price, product.category, product.country, product.manufacturer,
                  product.quantity, product.description, product.image, now.unixSeconds]) { row throws(DatabaseError) in
            try row.int("product_id")
        }
        guard let id else { throw DatabaseError(kind: .other, message: "INSERT INTO product returned no product_id") }
        return Product(id: id, name: product.name, price: product.price, category: product.category,
                       country: product.country, manufacturer: product.manufacturer, quantity: product.quantity,
                       description: product.description, image: product.image)
    }

    /// Takes `quantity` units out of stock for order `orderId` (a `sale` row in the ledger), or throws
    /// `insufficientStock` and changes nothing. Returns the stock left.
    @discardableResult
    public func reserveStock(_ db: any DatabaseConnection, productId: Int, quantity: Int, orderId: String) throws -> Int {
        guard quantity > 0 else { throw PersistenceError.invalidQuantity(quantity) }
        return try adjustStock(db, productId: productId, by: -quantity, .sale(orderId))
    }

    /// Returns `quantity` units to stock for `movement` (an order's release or refund). Returns the stock now on hand.
    @discardableResult
    public func releaseStock(_ db: any DatabaseConnection, productId: Int, quantity: Int, _ movement: StockMovement) throws -> Int {
        guard quantity > 0 else { throw PersistenceError.invalidQuantity(quantity) }
        return try adjustStock(db, productId: productId, by: quantity, movement)
    }

    /// Adds `delta` (negative to remove) to a product's stock in one guarded statement and appends the ledger row
    /// saying why (`movement`) in the same transaction; throws `insufficientStock` rather than going below zero.
    /// Returns the new stock. This is the only code that changes a product's quantity after it is created.
    @discardableResult
    public func adjustStock(_ db: any DatabaseConnection, productId: Int, by delta: Int, _ movement: StockMovement,
                            now: Date = Date()) throws -> Int {
        let updated = try db.queryOne("""
            UPDATE product SET quantity = quantity + ? WHERE product_id = ? AND quantity + ? >= 0 RETURNING quantity
            """, [delta, productId, delta]) { row throws(DatabaseError) in try row.int("quantity") }
        if let updated {
            if delta != 0 { try ledger.record(db, productId: productId, delta: delta, quantityAfter: updated, movement, now: now) }
            return updated
        }
        // Hidden products count here: an order may release stock of a product hidden since.
        guard let product = try db.queryOne("SELECT \(Product.columns) FROM product WHERE product_id = ?", [productId], Product.init(row:)) else {
            throw PersistenceError.productNotFound(productId)
        }
        throw PersistenceError.insufficientStock(productId: productId, name: product.name,
                                                 requested: -delta, available: product.quantity)
    }
}

extension Product {
    /// The `product` columns `init(row:)` reads.
    static let columns = "product_id, name, price, category, country, manufacturer, quantity, description, image, review_count, "
        + "rating_total, main_image, main_image_width, main_image_height"

    init(row: borrowing Row) throws(DatabaseError) {
        var mainImage: ProductPicture?
        if let file = try row.optionalString("main_image") {
            mainImage = ProductPicture(fileName: file, width: try row.optionalInt("main_image_width") ?? 0,
                                       height: try row.optionalInt("main_image_height") ?? 0)
        }
        self.init(id: try row.int("product_id"), name: try row.string("name"), price: try row.int("price"),
                  category: try row.string("category"), country: try row.string("country"),
                  manufacturer: try row.string("manufacturer"), quantity: try row.int("quantity"),
                  description: try row.string("description"), image: try row.string("image"),
                  reviewCount: try row.int("review_count"), ratingTotal: try row.int("rating_total"), mainImage: mainImage)
    }
}
