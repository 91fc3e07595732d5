import Database
import Metrics

/// Orders by status and the outbox backlog, read from the database when scraped, for the collected gauges.
///
/// Guarantees: at most one pair of queries runs at a time and an answer is reused for `maxAge` (5 s by default), so a
/// storm of scrapes costs the database one count every few seconds; both queries read an index (`web_payment_by_status`,
/// the partial `outbox_unsent`). Every status of `OrderStatus` is reported, 0 included; a status the code does not
/// know counts as `other`. When the database fails, the last answer stands (none on the first scrape).
actor DatabaseLevels {
    struct Levels: Sendable {
        var orders: [String: Int64] = [:]
        var outboxBacklog: Int64 = 0
    }

    let database: any DatabaseWriter
    let maxAge: Duration
    private var last: (at: ContinuousClock.Instant, levels: Levels)?
    private var refreshing: Task<Levels?, Never>?

    init(database: any DatabaseWriter, maxAge: Duration = .seconds(5)) {
        self.database = database
        self.maxAge = maxAge
    }

    func current() async -> Levels? {
        if let last, ContinuousClock.now - last.at < maxAge { return last.levels }
        // Scrapes that arrive while the queries run wait for the same answer instead of starting their own.
        let task = refreshing ?? Task { [database] in await Self.read(database) }
        refreshing = task
        let levels = await task.value
        refreshing = nil
        if let levels { last = (ContinuousClock.now, levels) }
        return levels ?? last?.levels
    }

    private static func read(_ database: any DatabaseWriter) async -> Levels? {
        try? await database.read { db in
            var levels = Levels()
            for status in OrderStatus.allCases { levels.orders[status.rawValue] = 0 }
            let rows = try db.query("SELECT payment_status, count(*) AS n FROM web_payment GROUP BY payment_status") {
                row throws(DatabaseError) in (try row.string("payment_status"), try row.int64("n"))
            }
            for (status, count) in rows {
                let known = OrderStatus(rawValue: status) != nil ? status : "other"
                levels.orders[known, default: 0] += count
            }
            levels.outboxBacklog = try db.queryOne("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL") {
                row throws(DatabaseError) in try row.int64("n")
            } ?? 0
            return levels
        }
    }
}

extension ShopMetrics {
    /// Registers the gauges read from the database at scrape time.
    func observe(_ levels: DatabaseLevels) {
        registry.collectedGauge("storefront_orders", help: "Orders by status (read from the database, at most every 5 s).",
                                labels: ["status"]) {
            guard let orders = await levels.current()?.orders else { return [] }
            return orders.sorted { $0.key < $1.key }.map { .init(labels: [$0.key], value: $0.value) }
        }
        registry.collectedGauge("storefront_outbox_backlog",
                                help: "Outbox events not yet published to the queue (read from the database, at most every 5 s).") {
            guard let backlog = await levels.current()?.outboxBacklog else { return [] }
            return [.init(labels: [], value: backlog)]
        }
    }

    /// Registers the gauge of client connections the HTTP server holds open.
    public func observe(openConnections: @escaping @Sendable () -> Int) {
        registry.collectedGauge("storefront_http_open_connections", help: "Client connections the HTTP server holds open.") {
            [.init(labels: [], value: Int64(openConnections()))]
        }
    }
}
