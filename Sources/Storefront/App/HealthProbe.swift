import Database
import Synchronization

/// What `/healthz` answers: whether the database answers a query, asked at most once a `interval` whatever the
/// request rate, so a load balancer's checks (or a flood of them) cost the database one query a second and the
/// answer costs no thread hop. A failure shows within `interval`; the probe after it asks again.
final class HealthProbe: Sendable {
    private let database: any DatabaseWriter
    private let interval: Duration
    private let last = Mutex<(at: ContinuousClock.Instant, healthy: Bool)?>(nil)

    init(database: any DatabaseWriter, interval: Duration = .seconds(1)) {
        self.database = database
        self.interval = interval
    }

    /// True when the database answered, now or within the last `interval`.
    func isHealthy() async -> Bool {
        let now = ContinuousClock.now
        if let known = last.withLock({ $0 }), now - known.at < interval { return known.healthy }
        let healthy = (try? await database.read { db in
            try db.queryOne("SELECT 1 AS alive") { row throws(DatabaseError) in try row.int("alive") }
        }) == 1
        last.withLock { $0 = (ContinuousClock.now, healthy) }
        return healthy
    }
}
