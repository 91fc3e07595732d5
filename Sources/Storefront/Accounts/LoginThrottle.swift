import Database
import Foundation
import PluginKit

/// Where failed sign-ins are counted and lockouts kept, per key ("account:<id>", "address:<ip>").
/// `AccountService` asks before checking a password, records failures after, and resets an account's
/// count on success. Implementations apply `LoginThrottlePolicy`: `maxFailures` within `window` lock the
/// key for `lockout`.
public protocol LoginThrottle: Sendable {
    /// The latest lock end among `keys` that is still in the future at `now`, or nil.
    func lockedUntil(keys: [String], now: Date) async throws -> Date?
    /// Counts one failure for each key that is not locked; returns the latest lock end this failure started, if any.
    func recordFailure(keys: [String], now: Date) async throws -> Date?
    /// Forgets `key`'s failures.
    func reset(key: String) async throws
    /// Rations attempts that cost the server, failed or not (sign-ups): counts one at `key` unless the key is
    /// locked. Nil when this attempt may go ahead, the one that reaches the limit included; else the end of the
    /// lock that refuses it. Counting and deciding are one step, so racing attempts cannot all slip through.
    func admit(key: String, now: Date) async throws -> Date?
}

/// Login throttling in the database's `login_throttle` table (`LoginThrottleRepository`), each call one
/// read or one write of its own: what one instance uses, and what the cache throttle falls back to.
public struct DatabaseLoginThrottle: LoginThrottle {
    let database: any DatabaseWriter
    let repository: LoginThrottleRepository
    public var policy: LoginThrottlePolicy { repository.policy }

    public init(database: any DatabaseWriter, policy: LoginThrottlePolicy = .init()) {
        self.database = database
        repository = LoginThrottleRepository(policy: policy)
    }

    public func lockedUntil(keys: [String], now: Date) async throws -> Date? {
        try await database.read { [repository] db in try keys.compactMap { try repository.lockedUntil(db, key: $0, now: now) }.max() }
    }

    public func recordFailure(keys: [String], now: Date) async throws -> Date? {
        // Rows are locked in one order (sorted, duplicates once) by every writer, so two sign-in failures naming the
        // same keys in different orders cannot deadlock on PostgreSQL's row locks.
        let ordered = Set(keys).sorted()
        return try await database.write { [repository] db in
            try ordered.compactMap { try repository.recordFailure(db, key: $0, now: now) }.max()
        }
    }

    public func reset(key: String) async throws {
        try await database.write { [repository] db in try repository.reset(db, key: key) }
    }

    public func admit(key: String, now: Date) async throws -> Date? {
        // A flood meets its lock on a reader, without queueing for the one writer.
        if let until = try await lockedUntil(keys: [key], now: now) { return until }
        return try await database.write { [repository] db in try repository.admit(db, key: key, now: now) }
    }
}

/// Login throttling in the cache plugin: a counter per key made by `increment` with the window as TTL,
/// and a lock entry whose TTL is the lockout. Every instance sharing the cache shares the counts, and
/// no sign-in attempt writes to the database.
///
/// While the cache is down, the database throttle answers instead (counts restart there: an outage
/// gives a guesser at most one fresh window, never an unlimited one).
public struct CachedLoginThrottle: LoginThrottle {
    let cache: ShopCache
    let fallback: DatabaseLoginThrottle
    var policy: LoginThrottlePolicy { fallback.policy }

    public init(cache: ShopCache, fallback: DatabaseLoginThrottle) {
        self.cache = cache
        self.fallback = fallback
    }

    static func failuresKey(_ key: String) -> String { "throttle:failures:" + key }
    static func lockKey(_ key: String) -> String { "throttle:lock:" + key }

    public func lockedUntil(keys: [String], now: Date) async throws -> Date? {
        var latest: Date?
        for key in keys {
            guard let stored = await cache.attempt({ cache throws(CacheError) in try await cache.get(Self.lockKey(key)) }) else {
                return try await fallback.lockedUntil(keys: keys, now: now)
            }
            guard let stored, let seconds = Int64(String(decoding: stored, as: UTF8.self)) else { continue }
            let until = Date(unixSeconds: seconds)
            if until > now { latest = max(latest ?? until, until) }
        }
        return latest
    }

    public func recordFailure(keys: [String], now: Date) async throws -> Date? {
        var latest: Date?
        for key in keys {
            // As in the database: a locked key counts nothing, so attempts that raced past the lock cannot start another.
            if try await lockedUntil(keys: [key], now: now) != nil { continue }
            guard let failures = await count(key) else { return try await fallback.recordFailure(keys: keys, now: now) }
            guard failures >= policy.maxFailures else { continue }
            guard let until = await lock(key, now: now, restartingCount: true) else { return try await fallback.recordFailure(keys: keys, now: now) }
            latest = max(latest ?? until, until)
        }
        return latest
    }

    /// Counts one more attempt at `key` within the window; the count so far, or nil when the cache failed.
    private func count(_ key: String) async -> Int? {
        await cache.attempt { cache throws(CacheError) in
            try await cache.increment(Self.failuresKey(key), ttl: .seconds(policy.window))
        }
    }

    /// Locks `key` for the lockout, starting its count afresh when `restartingCount`; the lock's end, or nil
    /// when the cache failed.
    private func lock(_ key: String, now: Date, restartingCount: Bool) async -> Date? {
        let until = now.addingTimeInterval(policy.lockout)
        let locked: Void? = await cache.attempt { cache throws(CacheError) in
            try await cache.set(Self.lockKey(key), Array(String(until.unixSeconds).utf8), ttl: .seconds(policy.lockout))
            if restartingCount { try await cache.delete(Self.failuresKey(key)) }
        }
        return locked.map { until }
    }

    public func admit(key: String, now: Date) async throws -> Date? {
        if let until = try await lockedUntil(keys: [key], now: now) { return until }
        guard let count = await count(key) else { return try await fallback.admit(key: key, now: now) }
        // Past the limit when racing the attempt that reached it, which is setting the lock. The count is kept,
        // not restarted, when the lock is set: an attempt that read "no lock" before it was set and counts after
        // must still see itself past the limit (restarting let an eleventh sign-up of thirty racing through).
        // It expires with its window, which ends no later than the lock.
        if count > policy.maxFailures { return now.addingTimeInterval(policy.lockout) }
        if count == policy.maxFailures, await lock(key, now: now, restartingCount: false) == nil {
            return try await fallback.admit(key: key, now: now)
        }
        return nil
    }

    public func reset(key: String) async throws {
        let cleared: Void? = await cache.attempt { cache throws(CacheError) in try await cache.delete(Self.failuresKey(key)) }
        if cleared == nil { try await fallback.reset(key: key) }
    }
}
