import Database
import Foundation

/// Who makes a change, as the audit log records it: the signed-in member and the address the request came from.
public struct StaffEditor: Sendable, Equatable {
    public let staffId: String
    public let address: String

    public init(staffId: String, address: String) {
        self.staffId = staffId
        self.address = address
    }

    public init(_ context: StaffContext) {
        self.init(staffId: context.staff.id, address: context.remoteAddress)
    }

    func entry(_ action: AuditAction, target: String, before: String? = nil, after: String? = nil) -> AuditEntry {
        AuditEntry(staffId: staffId, action: action, target: target, before: before, after: after, address: address)
    }
}

/// What deleting a product did: deleted, or hidden instead because orders name it.
public enum ProductRemoval: Sendable, Equatable {
    case deleted
    case hidden
}

/// The back office's product changes. Each one is a single transaction holding the change, its audit entry
/// (before → after) and a `product.changed` outbox event, whose consumer drops the cached catalog pages and
/// the product's entry on every instance (as `stock.changed` does for stock).
///
/// Guarantees: a refused form changes nothing (`.validation`, a Korean message per field); an edit made from an
/// older revision than the stored one is refused with `staleEditMessage` and changes nothing; a product that an
/// order names is never deleted, only hidden.
public struct ProductAdminService: Sendable {
    public static let staleEditMessage = "다른 직원이 이 상품을 먼저 수정했습니다. 최신 내용을 확인한 뒤 다시 저장해 주세요."
    public static let changedTopic = "product.changed"

    let database: any DatabaseWriter
    let now: @Sendable () -> Date
    let products = ProductAdminRepository()
    let outbox = OutboxRepository()

    public init(database: any DatabaseWriter, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// The payload of `product.changed`.
    struct ChangedProducts: Codable, Sendable {
        let productIds: [Int]
    }

    public func list(_ query: AdminProductQuery) async throws(ShopError) -> (items: [AdminProduct], total: Int, categories: [String]) {
        try await ShopError.mapping {
            try await database.read { [products] db in
                let (items, total) = try products.list(db, query)
                return (items, total, try products.categories(db))
            }
        }
    }

    public func find(id: Int) async throws(ShopError) -> AdminProduct {
        guard let product = try await ShopError.mapping({ try await database.read { [products] db in try products.find(db, id: id) } }) else {
            throw .notFound(.product)
        }
        return product
    }

    /// Creates a product from `form` and returns its id.
    public func create(_ form: ProductForm, by staff: StaffEditor) async throws(ShopError) -> Int {
        let (draft, quantity) = try ProductRules.draft(form, withQuantity: true)
        let at = now()
        return try await ShopError.mapping {
            try await database.write { [products, outbox] db in
                let id = try products.insert(db, draft, quantity: quantity, now: at)
                if quantity > 0 {
                    try StockLedgerRepository().record(db, productId: id, delta: quantity, quantityAfter: quantity,
                                                       StockMovement(reason: .initial, staffId: staff.staffId), now: at)
                }
                try AuditLog.record(db, staff.entry(.productCreated, target: "product:\(id)", after: draft.auditText + " · 재고 \(quantity)"), now: at)
                try Self.announce(db, outbox, id, now: at)
                return id
            }
        }
    }

    /// Writes `form` over product `id` if it is still at `revision`.
    public func update(id: Int, revision: Int, _ form: ProductForm, by staff: StaffEditor) async throws(ShopError) {
        let (draft, _) = try ProductRules.draft(form, withQuantity: false)
        let at = now()
        try await ShopError.mapping {
            try await database.write { [products, outbox] db in
                guard let before = try products.find(db, id: id) else { throw ShopError.notFound(.product) }
                guard try products.update(db, id: id, revision: revision, draft, now: at) else {
                    throw ShopError.conflict(Self.staleEditMessage)
                }
                try AuditLog.record(db, staff.entry(.productUpdated, target: "product:\(id)",
                                                    before: Self.draft(of: before).auditText, after: draft.auditText), now: at)
                try Self.announce(db, outbox, id, now: at)
            }
        }
    }

    /// Deletes product `id`, or hides it when an order names it (past orders keep showing it).
    public func remove(id: Int, by staff: StaffEditor) async throws(ShopError) -> ProductRemoval {
        let at = now()
        return try await ShopError.mapping {
            try await database.write { [products, outbox] db in
                guard let before = try products.find(db, id: id) else { throw ShopError.notFound(.product) }
                let removal: ProductRemoval
                if try products.isOrdered(db, id: id) {
                    try products.setHidden(db, id: id, true, now: at)
                    removal = .hidden
                } else {
                    try products.delete(db, id: id)
                    removal = .deleted
                }
                try AuditLog.record(db, staff.entry(removal == .deleted ? .productDeleted : .productHidden, target: "product:\(id)",
                                                    before: Self.draft(of: before).auditText), now: at)
                try Self.announce(db, outbox, id, now: at)
                return removal
            }
        }
    }

    static func draft(of product: AdminProduct) -> ProductDraft {
        let p = product.product
        return ProductDraft(name: p.name, price: p.price, category: p.category, country: p.country, manufacturer: p.manufacturer,
                            description: p.description, hidden: product.hidden)
    }

    /// The `product.changed` event, in the caller's transaction.
    static func announce(_ db: any DatabaseConnection, _ outbox: OutboxRepository, _ id: Int, now: Date) throws {
        try outbox.append(db, topic: changedTopic, aggregateId: "product:\(id)", payload: ChangedProducts(productIds: [id]), now: now)
    }
}
