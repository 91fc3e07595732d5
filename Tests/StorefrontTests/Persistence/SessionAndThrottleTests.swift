import Database
import Foundation
import Testing
@testable import Storefront

@Suite("SessionRepository and LoginThrottleRepository")
struct SessionAndThrottleTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("a session is found until it expires, and not after", arguments: TestDatabases.engines)
    func sessionLifetime(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let session = SessionRecord(id: "s1", userId: user, csrfToken: "t1", createdAt: now, expiresAt: now + 60)
            try await shop.write { db in try SessionRepository().create(db, session) }
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "s1", now: now) } == session)
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "s1", now: now + 60) } == nil)
        }
    }

    @Test("an anonymous session carries a CSRF token without a user", arguments: TestDatabases.engines)
    func anonymous(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            try await shop.write { db in try SessionRepository().create(db, SessionRecord(id: "anon", userId: nil, csrfToken: "t", createdAt: now, expiresAt: now + 60)) }
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "anon", now: now) }?.userId == nil)
        }
    }

    @Test("extending, deleting and sweeping sessions", arguments: TestDatabases.engines)
    func sessionMaintenance(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
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

    @Test("the fifth failure within the window locks the key until the lockout ends", arguments: TestDatabases.engines)
    func lockout(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let throttle = DatabaseLoginThrottle(database: shop.database, policy: .init(maxFailures: 5, window: 600, lockout: 900))
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

    @Test("failures older than the window do not count, and reset forgets them", arguments: TestDatabases.engines)
    func windowAndReset(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let throttle = DatabaseLoginThrottle(database: shop.database, policy: .init(maxFailures: 2, window: 60, lockout: 60))
            try await throttle.recordFailure(keys: ["ip"], now: now)
            #expect(try await throttle.recordFailure(keys: ["ip"], now: now + 61) == nil)
            try await throttle.reset(key: "ip")
            #expect(try await throttle.recordFailure(keys: ["ip"], now: now + 62) == nil)
            #expect(try await throttle.recordFailure(keys: ["ip"], now: now + 63) != nil)
        }
    }

    @Test("twenty concurrent failures of one key count twenty", arguments: TestDatabases.engines)
    func concurrentFailuresAllCount(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let throttle = LoginThrottleRepository(policy: .init(maxFailures: 100, window: 600, lockout: 900))
            let now = now
            _ = try await concurrently(20) { _ in try await shop.write { db in try throttle.recordFailure(db, key: "ip:1", now: now) } }
            let failures = try await shop.read { db in
                try db.queryOne("SELECT failures FROM login_throttle WHERE throttle_key = ?", ["ip:1"]) { row throws(DatabaseError) in
                    try row.int("failures")
                }
            }
            #expect(failures == 20)
        }
    }

    @Test("failures naming the same keys in opposite orders at once all count, with no deadlock", arguments: TestDatabases.engines)
    func failuresInOppositeKeyOrdersAllCount(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let throttle = DatabaseLoginThrottle(database: shop.database, policy: .init(maxFailures: 100, window: 600, lockout: 900))
            let now = now
            _ = try await concurrently(20) { index in
                try await throttle.recordFailure(keys: index.isMultiple(of: 2) ? ["id:a", "ip:b"] : ["ip:b", "id:a"], now: now)
            }
            let counts = try await shop.read { db in
                try db.query("SELECT failures FROM login_throttle ORDER BY throttle_key") { row throws(DatabaseError) in try row.int("failures") }
            }
            #expect(counts == [20, 20])
        }
    }

    @Test("twenty sign-ups from one address at once: exactly the limit's five go ahead", arguments: TestDatabases.engines)
    func concurrentAdmissionsStopAtTheLimit(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let throttle = DatabaseLoginThrottle(database: shop.database, policy: .init(maxFailures: 5, window: 600, lockout: 900))
            let now = now
            let refusals = try await concurrently(20) { _ in try await throttle.admit(key: "signup:ip", now: now) }
            #expect(refusals.filter { $0 == nil }.count == 5)
            #expect(refusals.compactMap { $0 } == Array(repeating: now + 900, count: 15))
        }
    }
}
