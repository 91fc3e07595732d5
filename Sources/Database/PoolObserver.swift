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
