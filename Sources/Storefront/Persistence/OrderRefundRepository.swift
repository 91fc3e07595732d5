import Database
import Foundation

/// One refund the shop asked a provider for (`order_refund`): how much, why, by whom (a staff id, or nil for the
/// shopper's own cancel), the lines whose units it gave back, and whether the provider's answer is recorded yet.
public struct OrderRefund: Sendable, Equatable {
    /// PENDING between the claim and the recorded answer; DONE once the payment and stock reflect it.
    public enum State: String, Sendable, CaseIterable {
        case pending = "PENDING"
        case done = "DONE"
    }

    /// Units of one product, as a return's lines count them.
    public typealias Line = OrderReturn.Line

    public let id: Int
    public let orderId: String
    public let requestKey: String
    public let state: State
    public let amount: Int
    public let reason: String
    public let staffId: String?
    public let requestedAt: Date
    public let completedAt: Date?
    public var lines: [Line]
}

/// The refunds of orders (`order_refund`, `order_refund_line`). Plain reads and writes in the caller's transaction;
/// `PaymentFlow`'s cancel path decides when to claim, complete or drop one.
///
/// Guarantees: a request key is stored once (unique index), so `claim` of a key already stored changes nothing;
/// `complete` moves a refund PENDING → DONE at most once (compare-and-set), which is what makes the stock it
/// returns go back once.
public struct OrderRefundRepository: Sendable {
    public init() {}

    /// How long a PENDING refund holds its order against other refunds: past this, its request is taken as lost
    /// (the process died between the claim and the answer) and stops blocking; its key still replays at the provider.
    static let pendingHold: TimeInterval = 120

    static let columns = "refund_id, order_id, request_key, state, amount, reason, staff_id, requested_at, completed_at"

    /// Records a PENDING refund of `amount` for `orderId` under `key`, with the units of `lines` it gives back.
    /// Returns the new refund's id.
    @discardableResult
    public func claim(_ db: any DatabaseConnection, orderId: String, key: String, amount: Int, reason: String, staffId: String?,
                      lines: [OrderRefund.Line], now: Date = Date()) throws -> Int {
        let id = try db.queryOne("""
            INSERT INTO order_refund (order_id, request_key, state, amount, reason, staff_id, requested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING refund_id
            """, [orderId, key, OrderRefund.State.pending.rawValue, amount, reason, staffId, now.unixSeconds]) {
            row throws(DatabaseError) in try row.int("refund_id")
        }
        guard let id else { throw PersistenceError.orderNotFound(orderId) }
        for line in lines where line.quantity > 0 {
            try db.execute("INSERT INTO order_refund_line (refund_id, product_id, quantity) VALUES (?, ?, ?)",
                           [id, line.productId, line.quantity])
        }
        return id
    }

    /// The refund stored under `key`, if any.
    public func find(_ db: any DatabaseConnection, key: String) throws -> OrderRefund? {
        guard var refund = try db.queryOne("SELECT \(Self.columns) FROM order_refund WHERE request_key = ?", [key],
                                           OrderRefund.init(row:)) else { return nil }
        refund.lines = try lines(db, refundId: refund.id)
        return refund
    }

    /// Another refund of the order still waiting for its provider's answer (claimed after `now - pendingHold`).
    public func pending(_ db: any DatabaseConnection, orderId: String, now: Date = Date()) throws -> OrderRefund? {
        try db.queryOne("""
            SELECT \(Self.columns) FROM order_refund WHERE order_id = ? AND state = 'PENDING' AND requested_at >= ?
            ORDER BY refund_id LIMIT 1
            """, [orderId, now.addingTimeInterval(-Self.pendingHold).unixSeconds], OrderRefund.init(row:))
    }

    /// Moves the refund under `key` to DONE; returns it when this call did, nil when it was DONE already or gone.
    public func complete(_ db: any DatabaseConnection, key: String, now: Date = Date()) throws -> OrderRefund? {
        let changed = try db.execute("""
            UPDATE order_refund SET state = 'DONE', completed_at = ? WHERE request_key = ? AND state = 'PENDING'
            """, [now.unixSeconds, key])
        guard changed == 1 else { return nil }
        return try find(db, key: key)
    }

    /// Forgets a PENDING refund the provider refused (no money moved). A DONE one is never removed.
    public func drop(_ db: any DatabaseConnection, key: String) throws {
        try db.execute("DELETE FROM order_refund WHERE request_key = ? AND state = 'PENDING'", [key])
    }

    /// The order's refunds, oldest first, with their lines.
    public func refunds(_ db: any DatabaseConnection, orderId: String) throws -> [OrderRefund] {
        var refunds = try db.query("SELECT \(Self.columns) FROM order_refund WHERE order_id = ? ORDER BY refund_id", [orderId],
                                   OrderRefund.init(row:))
        for index in refunds.indices { refunds[index].lines = try lines(db, refundId: refunds[index].id) }
        return refunds
    }

    /// Units of each product the order's refunds have given back or are giving back (DONE and PENDING alike).
    public func refundedQuantities(_ db: any DatabaseConnection, orderId: String, doneOnly: Bool = false) throws -> [Int: Int] {
        let rows = try db.query("""
            SELECT l.product_id AS product_id, CAST(SUM(l.quantity) AS BIGINT) AS quantity FROM order_refund_line l
            JOIN order_refund r ON r.refund_id = l.refund_id
            WHERE r.order_id = ?\(doneOnly ? " AND r.state = 'DONE'" : "") GROUP BY l.product_id
            """, [orderId]) { row throws(DatabaseError) in (try row.int("product_id"), try row.int("quantity")) }
        return Dictionary(rows, uniquingKeysWith: +)
    }

    private func lines(_ db: any DatabaseConnection, refundId: Int) throws -> [OrderRefund.Line] {
        try db.query("SELECT product_id, quantity FROM order_refund_line WHERE refund_id = ? ORDER BY product_id", [refundId]) {
            row throws(DatabaseError) in OrderRefund.Line(productId: try row.int("product_id"), quantity: try row.int("quantity"))
        }
    }
}

extension OrderRefund {
    init(row: borrowing Row) throws(DatabaseError) {
        let stateText = try row.string("state")
        guard let state = State(rawValue: stateText) else {
            throw DatabaseError(kind: .other, message: "unknown order_refund.state '\(stateText)'")
        }
        self.init(id: try row.int("refund_id"), orderId: try row.string("order_id"), requestKey: try row.string("request_key"),
                  state: state, amount: try row.int("amount"), reason: try row.string("reason"),
                  staffId: try row.optionalString("staff_id"), requestedAt: Date(unixSeconds: try row.int64("requested_at")),
                  completedAt: try row.optionalInt64("completed_at").map(Date.init(unixSeconds:)), lines: [])
    }
}
