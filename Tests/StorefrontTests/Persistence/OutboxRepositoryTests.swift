import Database
import Foundation
import Testing
@testable import Storefront

@Suite("OutboxRepository and ProcessedEventRepository")
struct OutboxRepositoryTests {
    @Test("appended events are unsent in order until marked sent", arguments: TestDatabases.engines)
    func appendAndMark(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let events = try await shop.database.write { [outbox = shop.outbox] db in
                [try outbox.append(db, topic: "order.paid", aggregateId: "ord_1", payload: "{}"),
                 try outbox.append(db, topic: "order.failed", aggregateId: "ord_2", payload: "{}")]
            }
            #expect(try await shop.read { db in try OutboxRepository().unsent(db) } == events)
            #expect(try await shop.write { db in try OutboxRepository().markSent(db, sequences: [events[0].sequence]) } == 1)
            #expect(try await shop.write { db in try OutboxRepository().markSent(db, sequences: [events[0].sequence]) } == 0)
            #expect(try await shop.read { db in try OutboxRepository().unsent(db) }.map(\.topic) == ["order.failed"])
        }
    }

    @Test("a claimed batch is no other claim's until its lease ends or it is given back", arguments: TestDatabases.engines)
    func claimLease(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let events = try await shop.write { db in
                try (0..<3).map { index in try OutboxRepository().append(db, topic: "order.paid", aggregateId: "ord_\(index)", payload: "{}") }
            }
            let claim = { @Sendable (at: Date) in try await shop.write { db in try OutboxRepository().claim(db, limit: 2, lease: 60, now: at) } }
            #expect(try await claim(now) == Array(events.prefix(2)))
            #expect(try await claim(now + 59) == [events[2]])
            #expect(try await claim(now + 59).isEmpty)
            // The first holder stopped without marking anything: its batch is claimed again once the lease ends.
            #expect(try await claim(now + 60) == Array(events.prefix(2)))
            try await shop.write { db in try OutboxRepository().release(db, sequences: [events[0].sequence]) }
            #expect(try await claim(now + 61) == [events[0]])
        }
    }

    @Test("sent events older than the cutoff are purged, unsent ones kept", arguments: TestDatabases.engines)
    func purge(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let purged = try await shop.database.write { [outbox = shop.outbox] db in
                let sent = try outbox.append(db, topic: "a", aggregateId: "x", payload: "{}")
                _ = try outbox.append(db, topic: "b", aggregateId: "x", payload: "{}")
                try outbox.markSent(db, sequences: [sent.sequence], now: Date(timeIntervalSince1970: 100))
                return try outbox.purgeSent(db, before: Date(timeIntervalSince1970: 200))
            }
            #expect(purged == 1)
            #expect(try await shop.read { db in try OutboxRepository().unsent(db) }.map(\.topic) == ["b"])
        }
    }

    @Test("an event is recorded as processed once per consumer", arguments: TestDatabases.engines)
    func processedOnce(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            #expect(try await shop.write { db in try ProcessedEventRepository().recordOnce(db, consumer: "mailer", eventId: "e1") })
            #expect(try await !shop.write { db in try ProcessedEventRepository().recordOnce(db, consumer: "mailer", eventId: "e1") })
            #expect(try await shop.write { db in try ProcessedEventRepository().recordOnce(db, consumer: "stats", eventId: "e1") })
        }
    }
}
