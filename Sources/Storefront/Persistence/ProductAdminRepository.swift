import Database
import Foundation

/// A product as the back office sees it: every field, hidden or not, with the revision an edit must name.
public struct AdminProduct: Sendable, Equatable {
    public let product: Product
    public let hidden: Bool
    public let revision: Int

    static let columns = Product.columns + ", hidden, revision"

    init(row: borrowing Row) throws(DatabaseError) {
        product = try Product(row: row)
        hidden = try row.int("hidden") != 0
        revision = try row.int("revision")
    }
}

/// The fields an operator edits, already validated (`ProductRules`).
public struct ProductDraft: Sendable, Equatable {
    public var name: String
    public var price: Int
    public var category: String
    public var country: String
    public var manufacturer: String
    public var description: String
    public var hidden: Bool

    public init(name: String, price: Int, category: String, country: String, manufacturer: String,
                description: String = "", hidden: Bool = false) {
        self.name = name
        self.price = price
        self.category = category
        self.country = country
        self.manufacturer = manufacturer
        self.description = description
        self.hidden = hidden
    }

    /// One line for the audit log's before → after.
    var auditText: String {
        "\(name) · \(Won.format(price)) · \(category) · \(country) · \(manufacturer) · \(hidden ? "숨김" : "판매중")"
    }
}

/// The back office's product list filter: the storefront's search and category filter, a stock filter, a page.
public struct AdminProductQuery: Sendable, Equatable {
    /// 품절 (nothing left) or 10개 이하 (`lowStockLimit` or fewer, sold out included).
    public enum Stock: String, Sendable, CaseIterable {
        case soldOut = "sold_out"
        case low
    }

    public static let lowStockLimit = 10
    public static let perPage = 30

    public var q: String?
    public var category: String?
    public var stock: Stock?
    public var page: Int

    public init(q: String? = nil, category: String? = nil, stock: Stock? = nil, page: Int = 1) {
        self.q = q
        self.category = category
        self.stock = stock
        self.page = max(1, page)
    }
}

/// Reads and writes products for the back office. Unlike `CatalogRepository`'s reads, hidden products count.
///
/// Guarantees: `update` changes a product only when its revision is still the one the edit started from, in
/// one statement (so two edits cannot both pass the check); `delete` removes only a product no order line
/// names (cart lines go with it: a cart is only an intention).
public struct ProductAdminRepository: Sendable {
    public init() {}

    /// One page of products matching `query`, newest first, and how many match.
    public func list(_ db: any DatabaseConnection, _ query: AdminProductQuery) throws -> (items: [AdminProduct], total: Int) {
        var (clauses, arguments) = CatalogRepository.conditions(
            for: CatalogQuery(q: query.q, category: query.category), engine: db.engine)
        switch query.stock {
        case .soldOut: clauses.append("quantity = 0")
        case .low: clauses.append("quantity <= \(AdminProductQuery.lowStockLimit)")
        case nil: break
        }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let total = try db.queryOne("SELECT count(*) AS matches FROM product \(filter)", arguments) { row throws(DatabaseError) in
            try row.int("matches")
        } ?? 0
        let offset = (query.page - 1) * AdminProductQuery.perPage
        let items = try db.query("""
            SELECT \(AdminProduct.columns) FROM product \(filter) ORDER BY product_id DESC LIMIT ? OFFSET ?
            """, arguments + [AdminProductQuery.perPage, offset], AdminProduct.init(row:))
        return (items, total)
    }

    /// The product whose id is `id`, hidden or not.
    public func find(_ db: any DatabaseConnection, id: Int) throws -> AdminProduct? {
        try db.queryOne("SELECT \(AdminProduct.columns) FROM product WHERE product_id = ?", [id], AdminProduct.init(row:))
    }

    /// Every category in use, hidden products' included, alphabetically.
    public func categories(_ db: any DatabaseConnection) throws -> [String] {
        try db.query("SELECT DISTINCT category FROM product ORDER BY category") { row throws(DatabaseError) in try row.string("category") }
    }

    /// Inserts a product with `quantity` in stock and returns its id.
    public func insert(_ db: any DatabaseConnection, _ draft: ProductDraft, quantity: Int, now: Date) throws -> Int {
        let id = try db.queryOne("""
            INSERT INTO product (name, price, category, country, manufacturer, quantity, description, image, created_at,
                                 hidden, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?) RETURNING product_id
            """, [draft.name, draft.price, draft.category, draft.country, draft.manufacturer, quantity, draft.description,
                  now.unixSeconds, draft.hidden ? 1 : 0, now.unixSeconds]) { row throws(DatabaseError) in try row.int("product_id") }
        guard let id else { throw DatabaseError(kind: .other, message: "INSERT INTO product returned no product_id") }
        return id
    }

    /// Writes `draft` over product `id` if its revision is still `revision`, bumping it. False (nothing
    /// changed) when the product is gone or someone else's edit landed first.
    public func update(_ db: any DatabaseConnection, id: Int, revision: Int, _ draft: ProductDraft, now: Date) throws -> Bool {
        try db.execute("""
            UPDATE product SET name = ?, price = ?, category = ?, country = ?, manufacturer = ?, description = ?, hidden = ?,
                               revision = revision + 1, updated_at = ?
            WHERE product_id = ? AND revision = ?
            """, [draft.name, draft.price, draft.category, draft.country, draft.manufacturer, draft.description,
                  draft.hidden ? 1 : 0, now.unixSeconds, id, revision]) == 1
    }

    /// Takes product `id` off sale (or back on), bumping its revision.
    public func setHidden(_ db: any DatabaseConnection, id: Int, _ hidden: Bool, now: Date) throws {
        _ = try db.execute("UPDATE product SET hidden = ?, revision = revision + 1, updated_at = ? WHERE product_id = ?",
                           [hidden ? 1 : 0, now.unixSeconds, id])
    }

    /// Whether any order line names product `id` (then it can only be hidden, never deleted).
    public func isOrdered(_ db: any DatabaseConnection, id: Int) throws -> Bool {
        try db.queryOne("SELECT 1 AS found FROM web_payment_item WHERE product_id = ? LIMIT 1", [id]) { row throws(DatabaseError) in
            try row.int("found")
        } != nil
    }

    /// Deletes product `id`; callers check `isOrdered` first in the same transaction.
    public func delete(_ db: any DatabaseConnection, id: Int) throws {
        _ = try db.execute("DELETE FROM product WHERE product_id = ?", [id])
    }
}
