import Database
import Foundation

/// How many failed logins are allowed, over what window, and how long a lockout lasts.
public struct LoginThrottlePolicy: Sendable, Equatable {
    public var maxFailures: Int
    public var window: TimeInterval
    public var lockout: TimeInterval

    public init(maxFailures: Int = 5, window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60) {
        self.maxFailures = maxFailures
        self.window = window
        self.lockout = lockout
    }

    /// Sign-ups from one address: each one costs a bcrypt hash (~250 ms of a core), so an address may start
    /// ten per window, then waits out the lockout. Ten leaves room for a family or an office behind one NAT;
    /// window and lockout match sign-in's, so housekeeping's purge serves both.
    public static let signups = LoginThrottlePolicy(maxFailures: 10)
}

/// Failed-login counts per key (a signup id, an IP address) in `login_throttle`.
///
/// Failures count within a window that starts at the first failure; reaching `maxFailures`
/// locks the key until `now + lockout` and starts a new window.
public struct LoginThrottleRepository: Sendable {
    public let policy: LoginThrottlePolicy

    public init(policy: LoginThrottlePolicy = .init()) {
        self.policy = policy
    }

    /// When `key` is locked at `now`, the moment the lock ends; otherwise `nil`.
    public func lockedUntil(_ db: any DatabaseConnection, key: String, now: Date = Date()) throws -> Date? {
        let until = try db.queryOne("SELECT locked_until FROM login_throttle WHERE throttle_key = ?", [key]) { row throws(DatabaseError) in
            try row.optionalInt64("locked_until")
        } ?? nil
        guard let until, until > now.unixSeconds else { return nil }
        return Date(unixSeconds: until)
    }

    /// Counts a failure for `key`; returns the lock end if this failure locked it. While `key` is locked
    /// nothing is counted (nil): attempts that raced past the lock must not start, and pass, a second one.
    /// One upsert decides and counts, so failures landing at once from several instances (PostgreSQL runs
    /// them side by side under READ COMMITTED) each count: the conflicting row is locked and the arithmetic
    /// runs on its latest version, where a read followed by a write would lose all but one of them.
    @discardableResult
    public func recordFailure(_ db: any DatabaseConnection, key: String, now: Date = Date()) throws -> Date? {
        // No row: the key was locked and nothing was counted. A lock end still in the past is an old
        // lock the row keeps; only one this failure set lies ahead of `now`.
        guard let counted = try count(db, key: key, now: now), let until = counted, until > now.unixSeconds else { return nil }
        return Date(unixSeconds: until)
    }

    /// Counts an attempt that costs the server (a sign-up) unless `key` is locked: nil when it may go ahead,
    /// the one that reaches the limit included, else the end of the lock that refuses it. The count decides,
    /// not a read before it: attempts racing from several instances past an earlier read cannot all pass.
    public func admit(_ db: any DatabaseConnection, key: String, now: Date = Date()) throws -> Date? {
        if try count(db, key: key, now: now) != nil { return nil }
        // The upsert found the key locked; this read, after it, sees that lock.
        return try lockedUntil(db, key: key, now: now)
    }

    /// One failure counted in one upsert; nil when `key` was locked and nothing was counted, else the row's
    /// `locked_until` after counting.
    private func count(_ db: any DatabaseConnection, key: String, now: Date) throws -> Int64?? {
        let nowSeconds = now.unixSeconds
        let windowStart = nowSeconds - Int64(policy.window)
        let lockEnd = nowSeconds + Int64(policy.lockout)
        let firstLocks = policy.maxFailures <= 1
        // `counted` is the row's failures with this one, inside the window that is still open.
        let counted = "(CASE WHEN login_throttle.window_start > ? THEN login_throttle.failures + 1 ELSE 1 END)"
        return try db.queryOne("""
            INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
            ON CONFLICT (throttle_key) DO UPDATE SET
                failures = CASE WHEN \(counted) >= ? THEN 0 ELSE \(counted) END,
                window_start = CASE WHEN \(counted) >= ? THEN ? WHEN login_throttle.window_start > ? THEN login_throttle.window_start
                               ELSE ? END,
                locked_until = CASE WHEN \(counted) >= ? THEN ? ELSE login_throttle.locked_until END
            WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ?
            RETURNING locked_until
            """, [key, firstLocks ? 0 : 1, nowSeconds, firstLocks ? lockEnd : nil,
                  windowStart, policy.maxFailures, windowStart,
                  windowStart, policy.maxFailures, nowSeconds, windowStart, nowSeconds,
                  windowStart, policy.maxFailures, lockEnd,
                  nowSeconds]) { row throws(DatabaseError) in
            try row.optionalInt64("locked_until")
        }
    }

    /// Forgets keys whose failures no longer count (their window is over) and that are not locked; returns how many.
    @discardableResult
    public func purgeStale(_ db: any DatabaseConnection, now: Date = Date()) throws -> Int {
        try db.execute("""
            DELETE FROM login_throttle WHERE window_start <= ? AND (locked_until IS NULL OR locked_until <= ?)
            """, [now.unixSeconds - Int64(policy.window), now.unixSeconds])
    }

    /// Forgets `key`'s failures (after a successful login).
    public func reset(_ db: any DatabaseConnection, key: String) throws {
        try db.execute("DELETE FROM login_throttle WHERE throttle_key = ?", [key])
    }
}
