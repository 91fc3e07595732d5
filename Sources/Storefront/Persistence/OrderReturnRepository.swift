import Database
import Foundation

/// A 반품 요청 and what became of it (`order_return` and its `order_return_line`s).
public struct OrderReturn: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let productId: Int
        public let quantity: Int
        public init(productId: Int, quantity: Int) {
            self.productId = productId
            self.quantity = quantity
        }
    }

    public let id: Int
    public let orderId: String
    public let status: ReturnStatus
    public let reason: ReturnReason
    public let reasonText: String
    public let lines: [Line]
    /// What was refunded on approval.
    public let refundAmount: Int?
    /// The 반품 배송비 deducted on approval.
    public let returnFee: Int?
    /// The operator's reason for a rejection.
    public let decisionNote: String?
    public let requestedAt: Date
    public let decidedAt: Date?
}

/// `order_return`: at most one open (REQUESTED) return per order (a partial unique index), decided once by a
/// compare-and-set, each step with its outbox event. Opens no transaction.
public struct OrderReturnRepository: Sendable {
    let outbox = OutboxRepository()

    public init() {}

    /// Records a return request; throws a unique violation when one is open already.
    @discardableResult
    public func request(_ db: any DatabaseConnection, orderId: String, reason: ReturnReason, text: String,
                        lines: [OrderReturn.Line], now: Date = Date()) throws -> Int {
        let id = try db.queryOne("""
            INSERT INTO order_return (order_id, status, reason_code, reason_text, requested_at)
            VALUES (?, 'REQUESTED', ?, ?, ?) RETURNING return_id
            """, [orderId, reason.rawValue, text, now.unixSeconds]) { row throws(DatabaseError) in try row.int("return_id") }
        guard let id else { throw DatabaseError(kind: .other, message: "order_return insert returned no id") }
        for line in lines {
            try db.execute("INSERT INTO order_return_line (return_id, product_id, quantity) VALUES (?, ?, ?)",
                           [id, line.productId, line.quantity])
        }
        try outbox.append(db, topic: "order.return_requested", aggregateId: orderId,
                          payload: ReturnChanged(orderId: orderId, returnId: id, status: ReturnStatus.requested.rawValue,
                                                 refundAmount: nil, occurredAt: now.unixSeconds), now: now)
        return id
    }

    /// Moves the open return of `orderId` to `status` (APPROVED or REJECTED). Returns false when none was open
    /// (decided already by someone else).
    public func decide(_ db: any DatabaseConnection, orderId: String, status: ReturnStatus, refundAmount: Int?,
                       returnFee: Int?, note: String?, now: Date = Date()) throws -> Bool {
        guard let open = try openReturn(db, orderId: orderId) else { return false }
        let changed = try db.execute("""
            UPDATE order_return SET status = ?, refund_amount = ?, return_fee = ?, decision_note = ?, decided_at = ?
            WHERE return_id = ? AND status = 'REQUESTED'
            """, [status.rawValue, refundAmount, returnFee, note, now.unixSeconds, open.id])
        guard changed == 1 else { return false }
        try outbox.append(db, topic: status == .approved ? "order.return_approved" : "order.return_rejected", aggregateId: orderId,
                          payload: ReturnChanged(orderId: orderId, returnId: open.id, status: status.rawValue,
                                                 refundAmount: refundAmount, occurredAt: now.unixSeconds), now: now)
        return true
    }

    public func openReturn(_ db: any DatabaseConnection, orderId: String) throws -> OrderReturn? {
        try returns(db, orderId: orderId).first { $0.status == .requested }
    }

    /// Every return of the order, oldest first.
    public func returns(_ db: any DatabaseConnection, orderId: String) throws -> [OrderReturn] {
        let headers = try db.query("""
            SELECT return_id, status, reason_code, reason_text, refund_amount, return_fee, decision_note, requested_at, decided_at
            FROM order_return WHERE order_id = ? ORDER BY return_id
            """, [orderId]) { row throws(DatabaseError) -> (Int, ReturnStatus, ReturnReason, String, Int?, Int?, String?, Int64, Int64?) in
            guard let status = ReturnStatus(rawValue: try row.string("status")),
                  let reason = ReturnReason(rawValue: try row.string("reason_code")) else {
                throw DatabaseError(kind: .other, message: "unknown order_return status or reason")
            }
            return (try row.int("return_id"), status, reason, try row.string("reason_text"), try row.optionalInt("refund_amount"),
                    try row.optionalInt("return_fee"), try row.optionalString("decision_note"), try row.int64("requested_at"),
                    try row.optionalInt64("decided_at"))
        }
        return try headers.map { header in
            let lines = try db.query("SELECT product_id, quantity FROM order_return_line WHERE return_id = ? ORDER BY product_id",
                                     [header.0]) { row throws(DatabaseError) in
                OrderReturn.Line(productId: try row.int("product_id"), quantity: try row.int("quantity"))
            }
            return OrderReturn(id: header.0, orderId: orderId, status: header.1, reason: header.2, reasonText: header.3,
                               lines: lines, refundAmount: header.4, returnFee: header.5, decisionNote: header.6,
                               requestedAt: Date(unixSeconds: header.7), decidedAt: header.8.map(Date.init(unixSeconds:)))
        }
    }
}

/// Outbox payload of a return's steps (`order.return_requested`, `order.return_approved`, `order.return_rejected`).
struct ReturnChanged: Codable, Sendable {
    let orderId: String
    let returnId: Int
    let status: String
    let refundAmount: Int?
    let occurredAt: Int64
}
