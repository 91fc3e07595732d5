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
