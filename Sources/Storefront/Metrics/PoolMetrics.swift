import Database
import Metrics

/// Records the database pool's waits and failures into `ShopMetrics`, through handles resolved here.
///
/// Guarantees: `kind` is `constraint` (a unique, check, foreign-key or not-null rule refused a write), `busy` (a lock
/// wait ran out) or `other`; nothing from the SQL or its arguments becomes a label.
struct PoolMetrics: PoolObserver {
    private let waits: [PoolRole: Histogram]
    private let errors: [PoolRole: (constraint: Counter, busy: Counter, other: Counter)]

    init(_ metrics: ShopMetrics) {
        let roles: [PoolRole] = [.reader, .writer]
        waits = Dictionary(uniqueKeysWithValues: roles.map { ($0, metrics.poolWait.labels($0.rawValue)) })
        errors = Dictionary(uniqueKeysWithValues: roles.map { role in
            (role, (metrics.queryErrors.labels(role.rawValue, "constraint"), metrics.queryErrors.labels(role.rawValue, "busy"),
                    metrics.queryErrors.labels(role.rawValue, "other")))
        })
    }

    func waited(_ duration: Duration, role: PoolRole) {
        waits[role]?.observe(duration)
    }

    func failed(_ error: DatabaseError, role: PoolRole) {
        guard let counters = errors[role] else { return }
        if error.isConstraintViolation { counters.constraint.increment() }
        else if error.isBusy { counters.busy.increment() }
        else { counters.other.increment() }
    }
}
