import Dispatch

/// Told what a pool's jobs wait and what fails, for metrics; the Database module itself keeps no figures.
///
/// Contract: called on the connection's thread as each job starts (`waited`) and as a job fails with a
/// `DatabaseError` (`failed`; errors of other types are the caller's own and not reported); must be cheap and never
/// block, since the connection serves nothing else meanwhile.
public protocol PoolObserver: Sendable {
    /// A job waited `duration` between being queued and starting on a connection of `role`.
    func waited(_ duration: Duration, role: PoolRole)
    /// A job on a connection of `role` failed with `error`.
    func failed(_ error: DatabaseError, role: PoolRole)
}

/// Which connections of a pool a job ran on.
public enum PoolRole: String, Sendable {
    case reader
    case writer
}

/// One job's observation, shared by every pool: taken when the job is queued, reported as it runs.
struct PoolJobObservation: Sendable {
    let observer: (any PoolObserver)?
    let role: PoolRole
    let queued: UInt64

    /// Starts observing a job queued now. DispatchTime reads CLOCK_MONOTONIC directly, about half what
    /// ContinuousClock.now costs on Linux; the clock is read only when there is an observer.
    init(_ observer: (any PoolObserver)?, role: PoolRole) {
        self.observer = observer
        self.role = role
        queued = observer == nil ? 0 : DispatchTime.now().uptimeNanoseconds
    }

    /// Reports the job's wait, runs it, and reports its database error if it fails.
    func run<T>(_ body: () throws -> T) -> Result<T, any Error> {
        if let observer {
            let started = DispatchTime.now().uptimeNanoseconds
            observer.waited(.nanoseconds(Int64(clamping: started >= queued ? started - queued : 0)), role: role)
        }
        let result = Result { try body() }
        if let observer, case .failure(let error as DatabaseError) = result { observer.failed(error, role: role) }
        return result
    }
}
