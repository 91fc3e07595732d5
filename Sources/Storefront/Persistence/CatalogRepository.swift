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
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    static let columns = "product_id, name, price, category, country, manufacturer, quantity, description, image"

    /// Reads `columns` starting at column `first` (joins put other columns before them).
    static func product(_ row: borrowing Row, from first: Int) throws(DatabaseError) -> Product {
        Product(id: try row.int(first), name: try row.string(first + 1), price: try row.int(first + 2),
                category: try row.string(first + 3), country: try row.string(first + 4),
                manufacturer: try row.string(first + 5), quantity: try row.int(first + 6),
                description: try row.string(first + 7), image: try row.string(first + 8))
    }

    static func product(_ row: borrowing Row) throws(DatabaseError) -> Product { try product(row, from: 0) }

    // MARK: Reading

    /// One page of products matching `query`, plus the total number of matches.
    public func search(_ db: Connection, _ query: CatalogQuery) throws -> CatalogPage {
        CatalogPage(items: try page(db, query), total: try count(db, query), page: query.page, perPage: query.perPage)
    }

    /// Only the products on `query`'s page. Its cost depends on the page depth, not the catalog size.
    public func page(_ db: Connection, _ query: CatalogQuery) throws -> [Product] {
        let (filter, arguments) = Self.filter(for: query)
        let order = switch query.sort {
        case .new: "product_id DESC"
        case .priceAscending: "price ASC, product_id ASC"
        case .priceDescending: "price DESC, product_id DESC"
        case .popular: "popularity DESC, product_id DESC"
        }
        return try db.query("""
            SELECT \(Self.columns) FROM product WHERE product_id IN (
                SELECT product_id FROM product \(filter) ORDER BY \(order) LIMIT ? OFFSET ?
            ) ORDER BY \(order)
            """, arguments + [query.perPage, query.offset], Self.product)
    }

    /// How many products match `query`'s search and filters — an index-only count, whose cost
    /// grows with the number of matches (callers cache it; see the cache plugin).
    public func count(_ db: Connection, _ query: CatalogQuery) throws -> Int {
        let (filter, arguments) = Self.filter(for: query)
        return try db.queryOne("SELECT count(*) FROM product \(filter)", arguments) { row throws(DatabaseError) in
            try row.int(0)
        } ?? 0
    }

    /// The WHERE clause for `query`'s filters: fixed fragments chosen by which filters are set,
    /// with every value bound.
    static func filter(for query: CatalogQuery) -> (String, [any SQLBindable]) {
        var clauses: [String] = []
        var arguments: [any SQLBindable] = []
        for (column, value) in [("category", query.category), ("country", query.country), ("manufacturer", query.manufacturer)] {
            guard let value, !value.isEmpty else { continue }
            clauses.append("\(column) = ?")
            arguments.append(value)
        }
        if let text = query.q?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            // Counted in code points, as SQLite's substr, length and trigrams count.
            switch text.unicodeScalars.count {
            case 3...:
                // Trigram index: the text as one quoted FTS phrase matches it as a substring.
                clauses.append("product_id IN (SELECT rowid FROM product_search WHERE product_search MATCH ?)")
                arguments.append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            case 2:
                // Below what trigrams answer: the two-character pieces kept for every name.
                clauses.append("product_id IN (SELECT product_id FROM product_bigram WHERE bigram = lower(?))")
                arguments.append(text)
            default:
                // One character: scan the names.
                clauses.append("name LIKE ? ESCAPE '\\'")
                arguments.append("%" + Self.escapeLike(text) + "%")
            }
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    public func product(_ db: Connection, id: Int) throws -> Product? {
        try db.queryOne("SELECT \(Self.columns) FROM product WHERE product_id = ?", [id], Self.product)
    }

    /// Distinct categories, alphabetically (read from the category index).
    public func categories(_ db: Connection) throws -> [String] { try distinct(db, "category") }
    /// Distinct countries of origin, alphabetically.
    public func countries(_ db: Connection) throws -> [String] { try distinct(db, "country") }
    /// Distinct manufacturers, alphabetically.
    public func manufacturers(_ db: Connection) throws -> [String] { try distinct(db, "manufacturer") }

    private func distinct(_ db: Connection, _ column: String) throws -> [String] {
        try db.query("SELECT DISTINCT \(column) FROM product ORDER BY \(column)") { row throws(DatabaseError) in
            try row.string(0)
        }
    }

    // MARK: Writing

    /// Adds `units` sold to a product's popularity (the 인기순 sort).
    public func addPopularity(_ db: Connection, productId: Int, units: Int) throws {
        _ = try db.execute("UPDATE product SET popularity = popularity + ? WHERE product_id = ?", [units, productId])
    }

    /// Inserts a product and returns it with its id.
    @discardableResult
    public func insert(_ db: Connection, _ product: NewProduct, now: Date = Date()) throws -> Product {
        try db.execute("""
            INSERT INTO product (name, price, category, country, manufacturer, quantity, description, image, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [product.name, product.price, product.category, product.country, product.manufacturer,
                  product.quantity, product.description, product.image, now.unixSeconds])
        return Product(id: Int(db.lastInsertRowID), name: product.name, price: product.price, category: product.category,
                       country: product.country, manufacturer: product.manufacturer, quantity: product.quantity,
                       description: product.description, image: product.image)
    }

    /// Takes `quantity` units out of stock, or throws `insufficientStock` and changes nothing.
    /// Returns the stock left.
    @discardableResult
    public func reserveStock(_ db: Connection, productId: Int, quantity: Int) throws -> Int {
        guard quantity > 0 else { throw PersistenceError.invalidQuantity(quantity) }
        return try adjustStock(db, productId: productId, by: -quantity)
    }

    /// Returns `quantity` units to stock. Returns the stock now on hand.
    @discardableResult
    public func releaseStock(_ db: Connection, productId: Int, quantity: Int) throws -> Int {
        guard quantity > 0 else { throw PersistenceError.invalidQuantity(quantity) }
        return try adjustStock(db, productId: productId, by: quantity)
    }

    /// Adds `delta` (negative to remove) to a product's stock in one guarded statement;
    /// throws `insufficientStock` rather than going below zero. Returns the new stock.
    @discardableResult
    public func adjustStock(_ db: Connection, productId: Int, by delta: Int) throws -> Int {
        let updated = try db.queryOne("""
            UPDATE product SET quantity = quantity + ? WHERE product_id = ? AND quantity + ? >= 0 RETURNING quantity
            """, [delta, productId, delta]) { row throws(DatabaseError) in try row.int(0) }
        if let updated { return updated }
        guard let product = try product(db, id: productId) else { throw PersistenceError.productNotFound(productId) }
        throw PersistenceError.insufficientStock(productId: productId, name: product.name,
                                                 requested: -delta, available: product.quantity)
    }

    // MARK: Async conveniences

    public func search(_ query: CatalogQuery) async throws -> CatalogPage {
        try await database.read { db in try self.search(db, query) }
    }

    public func product(id: Int) async throws -> Product? {
        try await database.read { db in try self.product(db, id: id) }
    }

    /// Categories, countries and manufacturers in one read, for the filter sidebar.
    public func facets() async throws -> (categories: [String], countries: [String], manufacturers: [String]) {
        try await database.read { db in (try self.categories(db), try self.countries(db), try self.manufacturers(db)) }
    }

    @discardableResult
    public func adjustStock(productId: Int, by delta: Int) async throws -> Int {
        try await database.write { db in try self.adjustStock(db, productId: productId, by: delta) }
    }
}
