import Database
import Foundation

/// Why a product's stock changed, as the ledger stores it (the raw value; never rename one).
public enum StockReason: String, Sendable, CaseIterable, Codable {
    /// Checkout reserved units for an order.
    case sale
    /// A failed, expired or voided (never paid) order gave its units back.
    case release
    /// A paid order was canceled and refunded; its units came back.
    case refund
    /// The stock a product was created with.
    case initial
    /// An operator's adjustments, each with the reason the form offers.
    case restock
    case stocktake
    case damage
    case other

    public var label: String {
        switch self {
        case .sale: "판매"
        case .release: "주문 취소·만료로 복구"
        case .refund: "환불로 복구"
        case .initial: "등록 시 재고"
        case .restock: "입고"
        case .stocktake: "재고 조사"
        case .damage: "파손"
        case .other: "기타"
        }
    }

    /// The reasons an operator may pick for an adjustment, in the form's order.
    public static let adjustments: [StockReason] = [.restock, .stocktake, .damage, .other]
}

/// What caused a stock change: the reason and, where there is one, the order or the staff member and a note.
public struct StockMovement: Sendable, Equatable {
    public var reason: StockReason
    public var orderId: String?
    public var staffId: String?
    public var note: String

    public init(reason: StockReason, orderId: String? = nil, staffId: String? = nil, note: String = "") {
        self.reason = reason
        self.orderId = orderId
        self.staffId = staffId
        self.note = note
    }

    public static func sale(_ orderId: String) -> StockMovement { StockMovement(reason: .sale, orderId: orderId) }
}

/// One row of a product's stock history.
public struct StockLedgerEntry: Sendable, Equatable {
    public let id: Int64
    public let productId: Int
    public let delta: Int
    public let quantityAfter: Int
    public let movement: StockMovement
    public let createdAt: Date
}

/// The stock ledger (`stock_ledger`): one row per change of a product's quantity, written by
/// `CatalogRepository.adjustStock` in the same statement sequence, so in the same transaction, as the change.
///
/// Guarantees: rows are only ever appended; `quantity_after` is the stock the change left, so the history reads
/// without replaying it; a product's rows go with the product (only a never-ordered product can be deleted).
public struct StockLedgerRepository: Sendable {
    public init() {}

    /// Appends a row for a change of `delta` that left `quantityAfter`, inside the caller's transaction.
    public func record(_ db: any DatabaseConnection, productId: Int, delta: Int, quantityAfter: Int, _ movement: StockMovement,
                       now: Date = Date()) throws {
        _ = try db.execute("""
            INSERT INTO stock_ledger (product_id, delta, quantity_after, reason, order_id, staff_id, note, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [productId, delta, quantityAfter, movement.reason.rawValue, movement.orderId, movement.staffId,
                  TextLength.prefix(movement.note, 200), now.unixSeconds])
    }

    /// Product `productId`'s history, newest first: `limit` rows after `offset`, and how many there are.
    public func history(_ db: any DatabaseConnection, productId: Int, limit: Int, offset: Int) throws
        -> (entries: [StockLedgerEntry], total: Int) {
        let total = try db.queryOne("SELECT count(*) AS n FROM stock_ledger WHERE product_id = ?", [productId]) {
            row throws(DatabaseError) in try row.int("n")
        } ?? 0
        let entries = try db.query("""
            SELECT entry_id, product_id, delta, quantity_after, reason, order_id, staff_id, note, created_at FROM stock_ledger
            WHERE product_id = ? ORDER BY entry_id DESC LIMIT ? OFFSET ?
            """, [productId, max(0, limit), max(0, offset)]) { row throws(DatabaseError) -> StockLedgerEntry? in
            // A reason this build does not know (written by a newer one) is skipped rather than failing the page.
            guard let reason = StockReason(rawValue: try row.string("reason")) else { return nil }
            return StockLedgerEntry(
                id: try row.int64("entry_id"), productId: try row.int("product_id"), delta: try row.int("delta"),
                quantityAfter: try row.int("quantity_after"),
                movement: StockMovement(reason: reason, orderId: try row.optionalString("order_id"),
                                        staffId: try row.optionalString("staff_id"), note: try row.string("note")),
                createdAt: Date(unixSeconds: try row.int64("created_at")))
        }
        return (entries.compactMap { $0 }, total)
    }
}
