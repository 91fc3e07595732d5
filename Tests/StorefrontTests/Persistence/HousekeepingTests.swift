import Database
import Foundation
import Logging
import Testing
@testable import Storefront

/// The growing tables kept in bounds, and nothing that still counts removed.
@Suite("Housekeeping")
struct HousekeepingTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let day: TimeInterval = 24 * 3600

    @Test("expired sessions go; live ones stay", arguments: TestDatabases.engines)
    func sessions(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            for (id, expires) in [("gone", now - 1), ("live", now + 60)] {
                try await shop.write { db in try SessionRepository().create(db, SessionRecord(id: id, userId: nil, csrfToken: "t", createdAt: now - 100, expiresAt: expires)) }
            }
            #expect(await Housekeeping(database: shop.database, logger: .discarding).runOnce(now: now).sessions == 1)
            #expect(try await shop.read { db in try SessionRepository().find(db, id: "live", now: now) } != nil)
        }
    }

    @Test("sent events go after a week; unsent and recent ones stay", arguments: TestDatabases.engines)
    func sentEvents(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let outbox = OutboxRepository()
            try await shop.database.write { db in
                for (name, sentAt) in [("old", now - 8 * day), ("recent", now - day)] {
                    try outbox.append(db, topic: "order.paid", aggregateId: name, payload: "{}", now: sentAt)
                    let sequence = try outbox.unsent(db).map(\.sequence).max() ?? 0
                    _ = try outbox.markSent(db, sequences: [sequence], now: sentAt)
                }
                try outbox.append(db, topic: "order.paid", aggregateId: "unsent", payload: "{}", now: now - 30 * day)
            }
            #expect(await Housekeeping(database: shop.database, logger: .discarding).runOnce(now: now).sentEvents == 1)
            #expect(try await shop.count("outbox") == 2)
            #expect(try await shop.read { db in try outbox.unsent(db) }.map(\.aggregateId) == ["unsent"])
        }
    }

    @Test("handled-event ids go after two weeks, so a redelivery within them is still recognised", arguments: TestDatabases.engines)
    func processedEvents(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let processed = ProcessedEventRepository()
            _ = try await shop.database.write { db in
                _ = try processed.recordOnce(db, consumer: "popularity", eventId: "old", now: now - 15 * day)
                _ = try processed.recordOnce(db, consumer: "popularity", eventId: "recent", now: now - 13 * day)
            }
            #expect(await Housekeeping(database: shop.database, logger: .discarding).runOnce(now: now).processedEvents == 1)
            let again = try await shop.database.write { db in try processed.recordOnce(db, consumer: "popularity", eventId: "recent", now: now) }
            #expect(again == false)
        }
    }

    @Test("throttle rows go once their window is over and no lock holds", arguments: TestDatabases.engines)
    func throttleKeys(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let policy = LoginThrottlePolicy(maxFailures: 2, window: 600, lockout: 3600)
            let throttle = LoginThrottleRepository(policy: policy)
            _ = try await shop.database.write { db in
                _ = try throttle.recordFailure(db, key: "address:stale", now: now - 700)
                _ = try throttle.recordFailure(db, key: "address:counting", now: now - 100)
                _ = try throttle.recordFailure(db, key: "account:locked", now: now - 700)
                return try throttle.recordFailure(db, key: "account:locked", now: now - 700)
            }
            let pass = await Housekeeping(database: shop.database, throttlePolicy: policy, logger: .discarding).runOnce(now: now)
            #expect(pass.throttleKeys == 1)
            #expect(try await shop.count("login_throttle") == 2)
        }
    }
}
