import Foundation
import Synchronization

/// A `LoginThrottle` in front of another that remembers, in this process, the locks `admit` reported, so a flood
/// of sign-ups from a locked address is refused from memory: no database read or cache round trip per attempt.
///
/// It never refuses what the store would admit: a lock is remembered only until it ends, locks are not lifted
/// early (a `reset` forgets the key here too), and every other call goes to the store. At most `capacity` keys are
/// remembered; when that many hold a lock, a new one is simply not remembered and the store answers as before.
public final class RememberedLocks: LoginThrottle {
    let store: any LoginThrottle
    private let locks: Mutex<[String: Date]>
    let capacity: Int

    public init(store: any LoginThrottle, capacity: Int = 10_000) {
        self.store = store
        self.capacity = capacity
        locks = Mutex([:])
    }

    public func lockedUntil(keys: [String], now: Date) async throws -> Date? {
        try await store.lockedUntil(keys: keys, now: now)
    }

    public func recordFailure(keys: [String], now: Date) async throws -> Date? {
        try await store.recordFailure(keys: keys, now: now)
    }

    public func reset(key: String) async throws {
        _ = locks.withLock { $0.removeValue(forKey: key) }
        try await store.reset(key: key)
    }

    public func admit(key: String, now: Date) async throws -> Date? {
        if let until = remembered(key, now: now) { return until }
        let until = try await store.admit(key: key, now: now)
        if let until { remember(key, until: until, now: now) }
        return until
    }

    private func remembered(_ key: String, now: Date) -> Date? {
        locks.withLock { locks in
            guard let until = locks[key] else { return nil }
            if until > now { return until }
            locks[key] = nil
            return nil
        }
    }

    private func remember(_ key: String, until: Date, now: Date) {
        locks.withLock { locks in
            if locks.count >= capacity { locks = locks.filter { $0.value > now } }
            if locks.count < capacity { locks[key] = until }
        }
    }
}
