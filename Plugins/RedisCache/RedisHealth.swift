import Logging
import Synchronization

/// Whether the Redis server answers, shared by every connection of one pool, so that one outage is one event
/// for the whole pool instead of one per connection, each on its own reconnect schedule (which made the shop
/// log `cache_unavailable` / `cache_recovered` 4–7 times for one outage).
///
/// Guarantees: the first connection to fail marks the pool down and starts a new era; while down, every call
/// fails at once except one probe a second (on whichever connection asks first), and the probe's answer
/// brings the whole pool back. A connection whose socket was opened in an earlier era reconnects before its
/// next command (that socket may have died with the server), a failure from an earlier era does not start
/// another outage, and an answer that arrives after the pool went down is refused like the calls around it.
/// The pool's logger gets `cache_server_lost` when an outage starts and `cache_server_back` when it ends: one pair
/// per outage, whichever connection saw it.
final class RedisHealth: Sendable {
    /// What a connection may do with the call it was asked to run.
    enum Admission: Equatable {
        /// Run it, on a socket of this era; a probe decides whether the pool is back.
        case run(era: Int, probe: Bool)
        /// The pool is down and this second's probe is taken: fail at once.
        case refuse
    }

    private struct State {
        var down = false
        var era = 0
        var nextProbe = ContinuousClock.now
    }

    private let state = Mutex(State())
    let retryInterval: Duration
    let logger: Logger

    init(retryInterval: Duration = .seconds(1), logger: Logger = .discarding) {
        self.retryInterval = retryInterval
        self.logger = logger
    }

    var isDown: Bool { state.withLock { $0.down } }

    func admit(now: ContinuousClock.Instant) -> Admission {
        state.withLock { state in
            guard state.down else { return .run(era: state.era, probe: false) }
            guard now >= state.nextProbe else { return .refuse }
            state.nextProbe = now.advanced(by: retryInterval)
            return .run(era: state.era, probe: true)
        }
    }

    /// A call admitted in `era` could not reach the server.
    func failed(era: Int, now: ContinuousClock.Instant, error: String = "") {
        let started = state.withLock { state -> Bool in
            guard !state.down, era == state.era else { return false }
            state.down = true
            state.era += 1
            state.nextProbe = now.advanced(by: retryInterval)
            return true
        }
        if started { logger.warning("cache_server_lost", ["error": .string(error)]) }
    }

    /// The server answered a call admitted in `era`; whether that answer stands.
    func answered(era: Int, probe: Bool) -> Bool {
        let (stands, recovered) = state.withLock { state -> (Bool, Bool) in
            let recovered = probe && era == state.era && state.down
            if recovered { state.down = false }
            return (!state.down && era == state.era, recovered)
        }
        if recovered { logger.notice("cache_server_back") }
        return stands
    }
}
