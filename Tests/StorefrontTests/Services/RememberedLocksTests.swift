import Foundation
import Synchronization
import Testing
@testable import Storefront

/// The in-process memo of locks in front of the sign-up throttle.
@Suite("Remembered locks")
struct RememberedLocksTests {
    /// A store that locks a key for ten minutes from its third admit on, and counts what it is asked.
    final class CountingStore: LoginThrottle {
        let admits = Mutex<[String: Int]>([:])
        let resets = Mutex(0)

        func admit(key: String, now: Date) async throws -> Date? {
            let count = admits.withLock { admits in
                admits[key, default: 0] += 1
                return admits[key, default: 0]
            }
            return count >= 3 ? now.addingTimeInterval(600) : nil
        }
        func calls(_ key: String) -> Int { admits.withLock { $0[key, default: 0] } }
        func lockedUntil(keys: [String], now: Date) async throws -> Date? { nil }
        func recordFailure(keys: [String], now: Date) async throws -> Date? { nil }
        func reset(key: String) async throws { resets.withLock { $0 += 1 } }
    }

    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("once the store reports a lock, further attempts are refused until its end without asking the store")
    func refusedFromMemory() async throws {
        let store = CountingStore()
        let throttle = RememberedLocks(store: store)
        for _ in 0..<2 { #expect(try await throttle.admit(key: "a", now: start) == nil) }
        let until = try #require(try await throttle.admit(key: "a", now: start))
        for minute in 0..<10 {
            #expect(try await throttle.admit(key: "a", now: start.addingTimeInterval(Double(minute) * 59)) == until)
        }
        #expect(store.calls("a") == 3)
        _ = try await throttle.admit(key: "a", now: until)
        #expect(store.calls("a") == 4, "at the lock's end the store answers again")
    }

    @Test("another key and a reset key go to the store")
    func otherAndResetKeys() async throws {
        let store = CountingStore()
        let throttle = RememberedLocks(store: store)
        for _ in 0..<3 { _ = try await throttle.admit(key: "a", now: start) }
        #expect(try await throttle.admit(key: "b", now: start) == nil)
        try await throttle.reset(key: "a")
        _ = try await throttle.admit(key: "a", now: start)
        #expect(store.calls("a") == 4 && store.calls("b") == 1 && store.resets.withLock { $0 } == 1)
    }

    @Test("past its capacity a new lock is not remembered, and expired ones make room")
    func boundedMemory() async throws {
        let store = CountingStore()
        let throttle = RememberedLocks(store: store, capacity: 1)
        for _ in 0..<3 { _ = try await throttle.admit(key: "a", now: start) }
        for _ in 0..<4 { _ = try await throttle.admit(key: "b", now: start) }
        #expect(store.calls("b") == 4, "b's lock found no room beside a's")
        let later = start.addingTimeInterval(601)
        _ = try await throttle.admit(key: "b", now: later)
        _ = try await throttle.admit(key: "b", now: later)
        #expect(store.calls("b") == 5, "a's expired lock made room for b's")
    }
}
