import Database
import Foundation

/// One row of the operator's 배송 관리 list: the delivery with what the operator needs beside it from the order.
public struct FulfilmentQueueItem: Sendable, Equatable {
    public let delivery: OrderDelivery
    public let orderedAt: Date
    public let customerName: String
    public let totalPrice: Int
    /// The first line's product name and how many lines the order has ("사과 외 2건").
    public let firstItem: String
    public let itemCount: Int
}

/// What the operator lists to ship (`/admin/fulfilment`) and to decide (`/admin/returns`): orders by fulfilment
/// status and returns by status, a page at a time, oldest first (first come, first shipped). Read-only; opens no
/// transaction.
public struct FulfilmentQueueRepository: Sendable {
    public init() {}

    /// Filters of the 배송 관리 list; `search` matches the 주문번호 exactly or the recipient's or customer's name in part.
    public struct Filter: Sendable, Equatable {
        public var status: FulfilmentStatus
        public var search: String?

        public init(status: FulfilmentStatus, search: String? = nil) {
            self.status = status
            self.search = search
        }
    }

    public func orders(_ db: any DatabaseConnection, _ filter: Filter, limit: Int, offset: Int) throws -> (items: [FulfilmentQueueItem], total: Int) {
        var clause = "d.status = ?"
        var arguments: [any SQLBindable] = [filter.status.rawValue]
        if let search = filter.search {
            let like = db.engine == .postgres ? "ILIKE" : "LIKE"
            clause += " AND (d.order_id = ? OR d.recipient \(like) ? ESCAPE '\\' OR w.customer_name \(like) ? ESCAPE '\\')"
            let pattern = "%" + CatalogRepository.escapeLike(search) + "%"
            arguments += [search, pattern, pattern]
        }
        let from = "FROM order_delivery d JOIN web_payment w ON w.order_id = d.order_id WHERE \(clause)"
        let total = try db.queryOne("SELECT COUNT(*) AS total \(from)", arguments) { row throws(DatabaseError) in try row.int("total") } ?? 0
        let columns = OrderDelivery.columns.split(separator: ",").map { "d." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let items = try db.query("""
            SELECT \(columns.joined(separator: ", ")), w.created_at AS ordered_at, w.customer_name, w.total_price,
                   (SELECT i.product_name FROM web_payment_item i WHERE i.web_payment_id = w.web_payment_id
                    ORDER BY i.web_payment_item_id LIMIT 1) AS first_item,
                   (SELECT COUNT(*) FROM web_payment_item i WHERE i.web_payment_id = w.web_payment_id) AS item_count
            \(from) ORDER BY w.created_at, d.order_id LIMIT ? OFFSET ?
            """, arguments + [limit, offset]) { row throws(DatabaseError) in
            FulfilmentQueueItem(delivery: try OrderDelivery(row: row), orderedAt: Date(unixSeconds: try row.int64("ordered_at")),
                                customerName: try row.string("customer_name"), totalPrice: try row.int("total_price"),
                                firstItem: try row.optionalString("first_item") ?? "", itemCount: try row.int("item_count"))
        }
        return (items, total)
    }

    /// The returns in `status` (their ids and orders), oldest request first, a page at a time.
    public func returns(_ db: any DatabaseConnection, status: ReturnStatus, limit: Int,
                        offset: Int) throws -> (returns: [(returnId: Int, orderId: String)], total: Int) {
        let total = try db.queryOne("SELECT COUNT(*) AS total FROM order_return WHERE status = ?", [status.rawValue]) {
            row throws(DatabaseError) in try row.int("total")
        } ?? 0
        let ids = try db.query("""
            SELECT return_id, order_id FROM order_return WHERE status = ? ORDER BY requested_at, return_id LIMIT ? OFFSET ?
            """, [status.rawValue, limit, offset]) { row throws(DatabaseError) in (try row.int("return_id"), try row.string("order_id")) }
        return (ids, total)
    }
}
