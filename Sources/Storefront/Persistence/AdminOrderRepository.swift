import Database
import Foundation

/// One row of the back office's order list and of the 정산 CSV: the order, its fulfilment status and what its
/// payment refunded.
public struct AdminOrderRow: Sendable, Equatable {
    public let order: Order
    public let fulfilment: FulfilmentStatus?
    public let refunded: Int
    /// The provider's `approvedAt` of the order's payment, as sent, when there is one.
    public let approvedAt: String?
}

/// What the list's filter adds up to.
public struct AdminOrderTotals: Sendable, Equatable {
    public let count: Int
    public let amount: Int
    public let refunded: Int
}

/// The back office's reads over every shopper's orders: the filtered list (a page at a time), its totals, batches
/// for the CSV export, and an order's outbox events. Reads only; the caller opens the read.
///
/// Guarantees: every query is bounded by a LIMIT the caller passes (`maxBatch` at most), so no request reads the
/// whole table at once; the filter's values are bound, never spliced; a text filter's `%` and `_` match themselves.
public struct AdminOrderRepository: Sendable {
    public init() {}

    /// The most rows one call returns.
    public static let maxBatch = 1_000

    /// `WHERE …` (after the join with `order_delivery d`) and its arguments for `filter`.
    static func condition(_ filter: AdminOrderFilter, engine: DatabaseEngine) -> (String, [any SQLBindable]) {
        var clauses: [String] = []
        var arguments: [any SQLBindable] = []
        if let status = filter.status { clauses.append("w.payment_status = ?"); arguments.append(status.rawValue) }
        if let method = filter.method { clauses.append("w.payment_method = ?"); arguments.append(method) }
        if let fulfilment = filter.fulfilment { clauses.append("d.status = ?"); arguments.append(fulfilment.rawValue) }
        if let from = filter.from { clauses.append("w.created_at >= ?"); arguments.append(from.unixSeconds) }
        if let until = filter.until {
            clauses.append("w.created_at < ?")
            arguments.append(KoreaDate.adding(days: 1, to: until).unixSeconds)
        }
        if let text = filter.text {
            let like = engine == .postgres ? "ILIKE" : "LIKE"
            let pattern = "%" + CatalogRepository.escapeLike(text) + "%"
            // A phone number typed with hyphens matches the digits checkout stored.
            let digits = text.filter(\.isNumber)
            let phone = digits.count >= 3 && digits.count == text.filter({ $0 != "-" && $0 != " " }).count
                ? "%" + digits + "%" : pattern
            clauses.append("(w.order_id = ? OR w.signup_id = ? OR w.customer_name \(like) ? ESCAPE '\\' OR w.customer_phone LIKE ? ESCAPE '\\')")
            arguments += [text, text, pattern, phone]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static let from = "FROM web_payment w LEFT JOIN order_delivery d ON d.order_id = w.order_id"
    /// PostgreSQL sums a BIGINT as NUMERIC: cast back so both engines hand the row an integer.
    static let refundedColumn = "(SELECT CAST(COALESCE(SUM(t.refunded_amount), 0) AS BIGINT) FROM toss_payment t WHERE t.order_id = w.order_id)"

    /// How many orders match, what they come to and what was refunded of them.
    public func totals(_ db: any DatabaseConnection, _ filter: AdminOrderFilter) throws -> AdminOrderTotals {
        let (condition, arguments) = Self.condition(filter, engine: db.engine)
        return try db.queryOne("""
            SELECT count(*) AS orders, CAST(COALESCE(SUM(total_price), 0) AS BIGINT) AS amount,
                   CAST(COALESCE(SUM(refunded), 0) AS BIGINT) AS refunded
            FROM (SELECT w.total_price AS total_price, \(Self.refundedColumn) AS refunded \(Self.from) \(condition)) matching
            """, arguments) { row throws(DatabaseError) in
            AdminOrderTotals(count: try row.int("orders"), amount: try row.int("amount"), refunded: try row.int("refunded"))
        } ?? AdminOrderTotals(count: 0, amount: 0, refunded: 0)
    }

    /// Matching orders newest first: `limit` (at most `maxBatch`) of those with `web_payment_id` below `before`,
    /// after skipping `offset`.
    public func rows(_ db: any DatabaseConnection, _ filter: AdminOrderFilter, before: Int = Int.max, limit: Int,
                     offset: Int = 0) throws -> [AdminOrderRow] {
        var (condition, arguments) = Self.condition(filter, engine: db.engine)
        condition += (condition.isEmpty ? "WHERE " : " AND ") + "w.web_payment_id < ?"
        arguments.append(before)
        let headers = try db.query("""
            SELECT w.order_id AS order_id, d.status AS fulfilment, \(Self.refundedColumn) AS refunded,
                   (SELECT t.approved_at FROM toss_payment t WHERE t.order_id = w.order_id AND t.approved_at IS NOT NULL
                    ORDER BY t.toss_payment_id LIMIT 1) AS approved_at
            \(Self.from) \(condition) ORDER BY w.web_payment_id DESC LIMIT ? OFFSET ?
            """, arguments + [min(max(0, limit), Self.maxBatch), max(0, offset)]) { row throws(DatabaseError) in
            (try row.string("order_id"), try row.optionalString("fulfilment"), try row.int("refunded"), try row.optionalString("approved_at"))
        }
        let orders = OrderRepository()
        return try headers.compactMap { id, fulfilment, refunded, approvedAt in
            try orders.find(db, orderId: id).map {
                AdminOrderRow(order: $0, fulfilment: fulfilment.flatMap(FulfilmentStatus.init(rawValue:)), refunded: refunded,
                              approvedAt: approvedAt)
            }
        }
    }

    /// The order's outbox events, oldest first, at most `limit` (sent events are purged after a while).
    public func events(_ db: any DatabaseConnection, orderId: String, limit: Int = 200) throws -> [OutboxEvent] {
        try db.query("""
            SELECT outbox_id, event_id, topic, aggregate_id, payload, created_at FROM outbox
            WHERE aggregate_id = ? ORDER BY outbox_id LIMIT ?
            """, [orderId, min(max(0, limit), Self.maxBatch)]) { row throws(DatabaseError) in
            OutboxEvent(sequence: try row.int("outbox_id"), eventId: try row.string("event_id"), topic: try row.string("topic"),
                        aggregateId: try row.string("aggregate_id"), payload: try row.string("payload"),
                        createdAt: Date(unixSeconds: try row.int64("created_at")))
        }
    }
}
