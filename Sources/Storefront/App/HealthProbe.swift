import Database
import Synchronization

/// What `/healthz` answers: whether the database answers a query, asked at most once a `interval` whatever the
/// request rate, so a load balancer's checks (or a flood of them) cost the database one query a second and the
/// answer costs no thread hop. A failure shows within `interval` of the last answer.
///
/// One probe at a time: while one is under way (a database that hangs), other checks get the last answer instead
/// of queueing probes of their own behind it; with no answer yet, they report unhealthy.
final class HealthProbe: Sendable {
    private struct State {
        var last: (at: ContinuousClock.Instant, healthy: Bool)?
        var probing = false
    }

    private let database: any DatabaseWriter
    private let interval: Duration
    private let state = Mutex(State())

    init(database: any DatabaseWriter, interval: Duration = .seconds(1)) {
        self.database = database
        self.interval = interval
    }

    /// True when the database answered, now or within the last `interval`.
    func isHealthy() async -> Bool {
        let now = ContinuousClock.now
        let known: Bool? = state.withLock { state in
            if let last = state.last, now - last.at < interval { return last.healthy }
            if state.probing { return state.last?.healthy ?? false }
            state.probing = true
            return nil
        }
        if let known { return known }
        let healthy = (try? await database.read { db in
            try db.queryOne("SELECT 1 AS alive") { row throws(DatabaseError) in try row.int("alive") }
        }) == 1
        state.withLock { state in
            state.last = (ContinuousClock.now, healthy)
            state.probing = false
        }
        return healthy
    }
}
