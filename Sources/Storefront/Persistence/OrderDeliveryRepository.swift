import Database
import Foundation

/// An order's delivery as stored in `order_delivery`: the address copied at checkout (editing the address book
/// later changes nothing here), the fulfilment status, and when each step happened.
public struct OrderDelivery: Sendable, Equatable {
    public let orderId: String
    public let address: DeliveryAddress
    /// 배송 요청사항, "" for none.
    public let request: String
    public let status: FulfilmentStatus
    public let carrier: Carrier?
    public let trackingNumber: String?
    public let preparedAt: Date?
    public let shippedAt: Date?
    public let deliveredAt: Date?
    public let confirmedAt: Date?
    public let canceledAt: Date?

    /// The carrier's tracking page for this order, once shipped.
    public var trackingURL: String? {
        guard let carrier, let trackingNumber else { return nil }
        return carrier.trackingURL(for: trackingNumber)
    }

    static let columns = """
        order_id, recipient, phone, postal_code, address_line1, address_line2, request, status, carrier, tracking_number,
        prepared_at, shipped_at, delivered_at, confirmed_at, canceled_at
        """

    init(row: borrowing Row) throws(DatabaseError) {
        let statusText = try row.string("status")
        guard let status = FulfilmentStatus(rawValue: statusText) else {
            throw DatabaseError(kind: .other, message: "unknown order_delivery.status '\(statusText)'")
        }
        func date(_ column: String) throws(DatabaseError) -> Date? { try row.optionalInt64(column).map(Date.init(unixSeconds:)) }
        orderId = try row.string("order_id")
        address = DeliveryAddress(recipient: try row.string("recipient"), phone: try row.string("phone"),
                                  postalCode: try row.string("postal_code"), line1: try row.string("address_line1"),
                                  line2: try row.string("address_line2"))
        request = try row.string("request")
        self.status = status
        carrier = try row.optionalString("carrier").flatMap(Carrier.named)
        trackingNumber = try row.optionalString("tracking_number")
        preparedAt = try date("prepared_at")
        shippedAt = try date("shipped_at")
        deliveredAt = try date("delivered_at")
        confirmedAt = try date("confirmed_at")
        canceledAt = try date("canceled_at")
    }
}

/// `order_delivery`: the delivery snapshot written with the order, and fulfilment moves as compare-and-set on
/// `FulfilmentStatus.predecessors`, each with its outbox event (`order.shipped` …) in the caller's transaction.
///
/// Guarantees (the caller runs each call in one `DatabaseWriter.write`; nothing here opens a transaction): a move
/// happens at most once however many requests race for it, and only from a legal predecessor; SHIPPED is entered
/// only while the order's payment is PAID.
public struct OrderDeliveryRepository: Sendable {
    let outbox = OutboxRepository()

    public init() {}

    /// Records the delivery of a freshly placed order, AWAITING_PAYMENT.
    public func create(_ db: any DatabaseConnection, orderId: String, address: DeliveryAddress, request: String,
                       now: Date = Date()) throws {
        try db.execute("""
            INSERT INTO order_delivery (order_id, recipient, phone, postal_code, address_line1, address_line2, request,
                                        status, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [orderId, address.recipient, address.phone, address.postalCode, address.line1, address.line2, request,
                  FulfilmentStatus.awaitingPayment.rawValue, now.unixSeconds])
    }

    public func find(_ db: any DatabaseConnection, orderId: String) throws -> OrderDelivery? {
        try db.queryOne("SELECT \(OrderDelivery.columns) FROM order_delivery WHERE order_id = ?", [orderId], OrderDelivery.init(row:))
    }

    /// Moves the order's fulfilment to `to` if it is in one of `to.predecessors` (narrowed to `from` when given;
    /// and, for SHIPPED, only while its payment is PAID). Returns the delivery after the move, or nil when nothing
    /// moved (an illegal move, a race already lost, an order without delivery). Writes `to.eventTopic`'s event.
    @discardableResult
    public func move(_ db: any DatabaseConnection, orderId: String, to: FulfilmentStatus, from: Set<FulfilmentStatus>? = nil,
                     carrier: Carrier? = nil, trackingNumber: String? = nil, now: Date = Date()) throws -> OrderDelivery? {
        // PostgreSQL: the event's `from` must be the row this UPDATE replaces (see OrderRepository.lockForDecision).
        if db.engine == .postgres {
            _ = try db.queryOne("SELECT order_id FROM order_delivery WHERE order_id = ? FOR UPDATE", [orderId]) {
                row throws(DatabaseError) in try row.string("order_id")
            }
        }
        let allowed = from.map { $0.intersection(to.predecessors) } ?? to.predecessors
        guard let before = try find(db, orderId: orderId), allowed.contains(before.status) else { return nil }
        let expected = allowed.map(\.rawValue).sorted()
        var sets = ["status = ?", "updated_at = ?"]
        var arguments: [any SQLBindable] = [to.rawValue, now.unixSeconds]
        let stamp: String? = switch to {
        case .preparing: "prepared_at"
        case .shipped: "shipped_at"
        case .delivered: "delivered_at"
        case .confirmed: "confirmed_at"
        case .canceled: "canceled_at"
        case .awaitingPayment, .canceling, .returned: nil
        }
        if let stamp {
            sets.append("\(stamp) = ?")
            arguments.append(now.unixSeconds)
        }
        if to == .shipped {
            sets.append("carrier = ?")
            sets.append("tracking_number = ?")
            arguments.append(carrier?.code ?? "")
            arguments.append(trackingNumber ?? "")
        }
        arguments.append(orderId)
        arguments += expected.map { $0 as any SQLBindable }
        let placeholders = Array(repeating: "?", count: expected.count).joined(separator: ", ")
        let paidGuard = to == .shipped
            ? " AND EXISTS (SELECT 1 FROM web_payment w WHERE w.order_id = order_delivery.order_id AND w.payment_status = 'PAID')"
            : ""
        // The status guard in the UPDATE is the compare-and-set that lets exactly one racing move through.
        let changed = try db.execute("""
            UPDATE order_delivery SET \(sets.joined(separator: ", "))
            WHERE order_id = ? AND status IN (\(placeholders))\(paidGuard)
            """, arguments)
        guard changed == 1, let after = try find(db, orderId: orderId) else { return nil }
        if let topic = to.eventTopic {
            let userId = try db.queryOne("SELECT user_id FROM web_payment WHERE order_id = ?", [orderId]) {
                row throws(DatabaseError) in try row.int("user_id")
            } ?? 0
            try outbox.append(db, topic: topic, aggregateId: orderId, payload: FulfilmentChanged(
                orderId: orderId, userId: userId, from: before.status.rawValue, to: to.rawValue,
                carrier: after.carrier?.code, trackingNumber: after.trackingNumber, occurredAt: now.unixSeconds), now: now)
        }
        return after
    }

    /// Keeps fulfilment in step with a payment transition, inside `OrderRepository.transition`'s write: PAID starts
    /// preparing; FAILED, EXPIRED and CANCELED end a delivery that had not left (a shipped order's refund is a
    /// return, which ends as RETURNED instead).
    func followPayment(_ db: any DatabaseConnection, orderId: String, status: OrderStatus, now: Date) throws {
        switch status {
        case .paid: try move(db, orderId: orderId, to: .preparing, from: [.awaitingPayment], now: now)
        case .failed, .expired, .canceled: try move(db, orderId: orderId, to: .canceled, now: now)
        case .pending, .confirming, .waitingForDeposit: break
        }
    }

    /// The fulfilment status of each of `orderIds` that has a delivery (the history page's column).
    public func statuses(_ db: any DatabaseConnection, orderIds: [String]) throws -> [String: FulfilmentStatus] {
        guard !orderIds.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: orderIds.count).joined(separator: ", ")
        let rows = try db.query("SELECT order_id, status FROM order_delivery WHERE order_id IN (\(placeholders))",
                                orderIds.map { $0 as any SQLBindable }) { row throws(DatabaseError) in
            (try row.string("order_id"), FulfilmentStatus(rawValue: try row.string("status")))
        }
        return Dictionary(rows.compactMap { id, status in status.map { (id, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Delivered orders with no open return whose delivery is older than `cutoff`, oldest first: what
    /// Housekeeping confirms.
    public func deliveredBefore(_ db: any DatabaseConnection, cutoff: Date, limit: Int = 100) throws -> [String] {
        try db.query("""
            SELECT d.order_id FROM order_delivery d
            WHERE d.status = 'DELIVERED' AND d.delivered_at < ?
              AND NOT EXISTS (SELECT 1 FROM order_return r WHERE r.order_id = d.order_id AND r.status = 'REQUESTED')
            ORDER BY d.delivered_at LIMIT ?
            """, [cutoff.unixSeconds, limit]) { row throws(DatabaseError) in try row.string("order_id") }
    }
}

/// Outbox payload of a fulfilment move (`order.shipped`, `order.delivered`, `order.confirmed`, `order.returned`).
struct FulfilmentChanged: Codable, Sendable {
    let orderId: String
    let userId: Int
    let from: String
    let to: String
    let carrier: String?
    let trackingNumber: String?
    let occurredAt: Int64
}
