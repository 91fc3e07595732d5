import Foundation
import PluginKit

/// Where failed sign-ins are counted and lockouts kept, per key ("account:<id>", "address:<ip>").
/// `AccountService` asks before checking a password, records failures after, and resets an account's
/// count on success. Implementations apply `LoginThrottlePolicy`: `maxFailures` within `window` lock the
/// key for `lockout`.
public protocol LoginThrottle: Sendable {
    /// The latest lock end among `keys` that is still in the future at `now`, or nil.
    func lockedUntil(keys: [String], now: Date) async throws -> Date?
    /// Counts one failure for each key; returns the latest lock end this failure started, if any.
    func recordFailure(keys: [String], now: Date) async throws -> Date?
    /// Forgets `key`'s failures.
    func reset(key: String) async throws
}

extension LoginThrottleRepository: LoginThrottle {
    public func lockedUntil(keys: [String], now: Date) async throws -> Date? {
        try await database.read { db in try keys.compactMap { try self.lockedUntil(db, key: $0, now: now) }.max() }
    }

    public func recordFailure(keys: [String], now: Date) async throws -> Date? {
        try await database.write { db in try keys.compactMap { try self.recordFailure(db, key: $0, now: now) }.max() }
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
    let fallback: LoginThrottleRepository
    var policy: LoginThrottlePolicy { fallback.policy }

    public init(cache: ShopCache, fallback: LoginThrottleRepository) {
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
            let counted = await cache.attempt { cache throws(CacheError) in
                try await cache.increment(Self.failuresKey(key), ttl: .seconds(policy.window))
            }
            guard let failures = counted else { return try await fallback.recordFailure(keys: keys, now: now) }
            guard failures >= policy.maxFailures else { continue }
            let until = now.addingTimeInterval(policy.lockout)
            let locked: Void? = await cache.attempt { cache throws(CacheError) in
                try await cache.set(Self.lockKey(key), Array(String(until.unixSeconds).utf8), ttl: .seconds(policy.lockout))
                try await cache.delete(Self.failuresKey(key))
            }
            guard locked != nil else { return try await fallback.recordFailure(keys: keys, now: now) }
            latest = max(latest ?? until, until)
        }
        return latest
    }

    public func reset(key: String) async throws {
        let cleared: Void? = await cache.attempt { cache throws(CacheError) in try await cache.delete(Self.failuresKey(key)) }
        if cleared == nil { try await fallback.reset(key: key) }
    }
}
