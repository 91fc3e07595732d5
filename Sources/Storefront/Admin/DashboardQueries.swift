import Database
import Foundation

/// The numbers the dashboard shows, read in one unit of work. Days are Korea time; an order counts on the day it
/// was placed. "Paid" means the provider took the money (`toss_payment` DONE, PARTIAL_CANCELED or CANCELED), and
/// revenue is what was charged less what was refunded, so a refund lowers the day of the order it refunds.
struct DashboardQueries: Sendable {
    /// Paid orders and their revenue net of refunds over a span.
    struct Sales: Sendable, Equatable {
        var orders: Int
        var revenue: Int
    }

    /// One day of the revenue chart.
    struct Day: Sendable, Equatable {
        var start: Date
        var orders: Int
        var revenue: Int
    }

    struct LowStock: Sendable, Equatable {
        var productId: Int
        var name: String
        var quantity: Int
    }

    struct Snapshot: Sendable, Equatable {
        var today: Sales
        var week: Sales
        var byStatus: [(status: OrderStatus, count: Int)]
        var depositsWaiting: Int
        var stuckConfirming: [String]
        var lowStock: [LowStock]
        var days: [Day]

        static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
            lhs.today == rhs.today && lhs.week == rhs.week && lhs.depositsWaiting == rhs.depositsWaiting
                && lhs.byStatus.map(\.status) == rhs.byStatus.map(\.status) && lhs.byStatus.map(\.count) == rhs.byStatus.map(\.count)
                && lhs.stuckConfirming == rhs.stuckConfirming && lhs.lowStock == rhs.lowStock && lhs.days == rhs.days
        }
    }

    /// Products at or below this many units are "low".
    static let lowStockThreshold = 10
    /// An order in CONFIRMING longer than this is stuck (the reconciler asks the provider about it).
    static let confirmingGrace: TimeInterval = 5 * 60
    static let chartDays = 30
    static let paidStatuses = "('DONE', 'PARTIAL_CANCELED', 'CANCELED')"

    func snapshot(_ db: any DatabaseConnection, now: Date) throws -> Snapshot {
        let today = KoreaDate.startOfDay(now)
        let firstDay = KoreaDate.adding(days: -(Self.chartDays - 1), to: today)
        let tomorrow = KoreaDate.adding(days: 1, to: today)
        let byStatus = try db.query("SELECT payment_status, count(*) AS orders FROM web_payment GROUP BY payment_status", []) {
            row throws(DatabaseError) -> (OrderStatus, Int)? in
            guard let status = OrderStatus(rawValue: try row.string("payment_status")) else { return nil }
            return (status, try row.int("orders"))
        }.compactMap { $0 }
        let counts = Dictionary(byStatus, uniquingKeysWith: +)
        return Snapshot(
            today: try sales(db, from: today, until: tomorrow),
            week: try sales(db, from: KoreaDate.startOfWeek(now), until: tomorrow),
            byStatus: OrderStatus.allCases.map { ($0, counts[$0] ?? 0) },
            depositsWaiting: counts[.waitingForDeposit] ?? 0,
            stuckConfirming: try db.query("""
                SELECT order_id FROM web_payment WHERE payment_status = 'CONFIRMING' AND updated_at < ?
                ORDER BY updated_at LIMIT 20
                """, [now.addingTimeInterval(-Self.confirmingGrace).unixSeconds]) { row throws(DatabaseError) in try row.string("order_id") },
            lowStock: try db.query("""
                SELECT product_id, name, quantity FROM product WHERE quantity <= ? ORDER BY quantity, product_id LIMIT 10
                """, [Self.lowStockThreshold]) { row throws(DatabaseError) in
                LowStock(productId: try row.int("product_id"), name: try row.string("name"), quantity: try row.int("quantity"))
            },
            days: try days(db, from: firstDay, count: Self.chartDays))
    }

    func sales(_ db: any DatabaseConnection, from: Date, until: Date) throws -> Sales {
        try db.queryOne("""
            SELECT count(DISTINCT w.order_id) AS orders, CAST(coalesce(sum(t.total_price - t.refunded_amount), 0) AS BIGINT) AS revenue
            FROM web_payment w JOIN toss_payment t ON t.order_id = w.order_id
            WHERE t.status IN \(Self.paidStatuses) AND w.created_at >= ? AND w.created_at < ?
            """, [from.unixSeconds, until.unixSeconds]) { row throws(DatabaseError) in
            Sales(orders: try row.int("orders"), revenue: try row.int("revenue"))
        } ?? Sales(orders: 0, revenue: 0)
    }

    /// `count` days from `from`, each with its paid orders and net revenue (days without any included, as zero).
    func days(_ db: any DatabaseConnection, from: Date, count: Int) throws -> [Day] {
        let start = from.unixSeconds
        // Korea has no daylight saving, so a day is always 86,400 seconds from the first day's midnight.
        let rows = try db.query("""
            SELECT (w.created_at - ?) / 86400 AS day, count(DISTINCT w.order_id) AS orders,
                   CAST(coalesce(sum(t.total_price - t.refunded_amount), 0) AS BIGINT) AS revenue
            FROM web_payment w JOIN toss_payment t ON t.order_id = w.order_id
            WHERE t.status IN \(Self.paidStatuses) AND w.created_at >= ? AND w.created_at < ?
            GROUP BY 1
            """, [start, start, start + Int64(count) * 86_400]) { row throws(DatabaseError) in
            (try row.int("day"), try row.int("orders"), try row.int("revenue"))
        }
        var days = (0..<count).map { Day(start: KoreaDate.adding(days: $0, to: from), orders: 0, revenue: 0) }
        for (index, orders, revenue) in rows where days.indices.contains(index) {
            days[index].orders = orders
            days[index].revenue = revenue
        }
        return days
    }
}
