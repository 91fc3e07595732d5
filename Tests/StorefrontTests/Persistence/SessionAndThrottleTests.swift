import Foundation
import Testing
@testable import Storefront

@Suite("SessionRepository and LoginThrottleRepository")
struct SessionAndThrottleTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("a session is found until it expires, and not after")
    func sessionLifetime() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let session = SessionRecord(id: "s1", userId: user, csrfToken: "t1", createdAt: now, expiresAt: now + 60)
            try await shop.write { db in try SessionRepository().create(db, session) }
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "s1", now: now) } == session)
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "s1", now: now + 60) } == nil)
        }
    }

    @Test("an anonymous session carries a CSRF token without a user")
    func anonymous() async throws {
        try await withShop { shop async throws in
            try await shop.write { db in try SessionRepository().create(db, SessionRecord(id: "anon", userId: nil, csrfToken: "t", createdAt: now, expiresAt: now + 60)) }
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "anon", now: now) }?.userId == nil)
        }
    }

    @Test("extending, deleting and sweeping sessions")
    func sessionMaintenance() async throws {
        try await withShop { shop async throws in
            for id in ["a", "b", "c"] {
                try await shop.write { db in try SessionRepository().create(db, SessionRecord(id: id, userId: nil, csrfToken: "t", createdAt: now, expiresAt: now + 10)) }
            }
            #expect(try await shop.write { db in try SessionRepository().extend(db, id: "a", until: now + 100) })
            #expect(try await shop.write { db in try SessionRepository().delete(db, id: "b") })
            #expect(try await shop.write { db in try SessionRepository().deleteExpired(db, now: now + 50) } == 1)
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "a", now: now + 50) } != nil)
            #expect(try await shop.count("sessions") == 1)
        }
    }

    @Test("the fifth failure within the window locks the key until the lockout ends")
    func lockout() async throws {
        try await withShop { shop async throws in
            let throttle = DatabaseLoginThrottle(database: shop.pool, policy: .init(maxFailures: 5, window: 600, lockout: 900))
            for attempt in 1...4 {
                #expect(try await throttle.recordFailure(keys: ["id:kim"], now: now + Double(attempt)) == nil)
            }
            #expect(try await throttle.lockedUntil(keys: ["id:kim"], now: now + 4) == nil)
            let until = try await throttle.recordFailure(keys: ["id:kim"], now: now + 5)
            #expect(until == now + 905)
            #expect(try await throttle.lockedUntil(keys: ["id:kim"], now: now + 6) == now + 905)
            #expect(try await throttle.lockedUntil(keys: ["id:kim"], now: now + 905) == nil)
        }
    }

    @Test("failures older than the window do not count, and reset forgets them")
    func windowAndReset() async throws {
        try await withShop { shop async throws in
            let throttle = DatabaseLoginThrottle(database: shop.pool, policy: .init(maxFailures: 2, window: 60, lockout: 60))
            try await throttle.recordFailure(keys: ["ip"], now: now)
            #expect(try await throttle.recordFailure(keys: ["ip"], now: now + 61) == nil)
            try await throttle.reset(key: "ip")
            #expect(try await throttle.recordFailure(keys: ["ip"], now: now + 62) == nil)
            #expect(try await throttle.recordFailure(keys: ["ip"], now: now + 63) != nil)
        }
    }
}
