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
    /// Read and upsert run in the caller's write; on SQLite its single writer keeps another failure for `key`
    /// from landing between them.
    @discardableResult
    public func recordFailure(_ db: any DatabaseConnection, key: String, now: Date = Date()) throws -> Date? {
        let current = try db.queryOne("SELECT failures, window_start, locked_until FROM login_throttle WHERE throttle_key = ?",
                                      [key]) { row throws(DatabaseError) in
            (try row.int("failures"), try row.int64("window_start"), try row.optionalInt64("locked_until"))
        }
        if let lockedUntil = current?.2, lockedUntil > now.unixSeconds { return nil }
        let windowStart = now.unixSeconds - Int64(policy.window)
        var failures = 1
        var start = now.unixSeconds
        if let current, current.1 > windowStart {
            failures = current.0 + 1
            start = current.1
        }
        var lockedUntil: Int64? = nil
        if failures >= policy.maxFailures {
            lockedUntil = now.unixSeconds + Int64(policy.lockout)
            failures = 0
            start = now.unixSeconds
        }
        try db.execute("""
            INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
            ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                locked_until = coalesce(excluded.locked_until, login_throttle.locked_until)
            """, [key, failures, start, lockedUntil])
        return lockedUntil.map(Date.init(unixSeconds:))
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
