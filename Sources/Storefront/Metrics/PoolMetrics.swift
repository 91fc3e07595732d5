import Database
import Metrics

/// Records the database pool's waits and failures into `ShopMetrics`, through handles resolved here.
///
/// Guarantees: `kind` is `constraint` (a unique, check, foreign-key or not-null rule refused a write), `busy` (a lock
/// wait ran out) or `other`; nothing from the SQL or its arguments becomes a label.
struct PoolMetrics: PoolObserver {
    private struct Role: Sendable {
        let wait: Histogram
        let constraint: Counter, busy: Counter, other: Counter

        init(_ metrics: ShopMetrics, _ role: PoolRole) {
            wait = metrics.poolWait.labels(role.rawValue)
            constraint = metrics.queryErrors.labels(role.rawValue, "constraint")
            busy = metrics.queryErrors.labels(role.rawValue, "busy")
            other = metrics.queryErrors.labels(role.rawValue, "other")
        }
    }

    private let reader: Role
    private let writer: Role

    init(_ metrics: ShopMetrics) {
        reader = Role(metrics, .reader)
        writer = Role(metrics, .writer)
    }

    func waited(_ duration: Duration, role: PoolRole) {
        (role == .writer ? writer : reader).wait.observe(duration)
    }

    func failed(_ error: DatabaseError, role: PoolRole) {
        let counters = role == .writer ? writer : reader
        if error.isConstraintViolation { counters.constraint.increment() }
        else if error.isBusy { counters.busy.increment() }
        else { counters.other.increment() }
    }
}
