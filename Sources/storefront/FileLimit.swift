import Glibc

/// The descriptor limit for `serve`: the soft limit is raised to the hard one before the server starts.
///
/// Every client connection is a descriptor, and distributions start processes at a soft limit of 1,024 while
/// allowing far more. The server caps its connections below whatever limit it gets (see
/// `ServerConfiguration.defaultMaxConnections`), so a higher limit means more shoppers at once, not more risk.
enum FileLimit {
    static func raise() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
