import Database
import Foundation

/// The transactional outbox: domain events written in the same transaction as the state change
/// they describe, then relayed to the queue. An event is never lost (it stays until marked sent)
/// and may be relayed more than once, so consumers deduplicate on `eventId`.
public struct OutboxRepository: Sendable {
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    /// Appends an event inside the caller's transaction and returns it.
    @discardableResult
    public func append(_ db: Connection, topic: String, aggregateId: String, payload: String,
                       now: Date = Date()) throws -> OutboxEvent {
        let eventId = UUID().uuidString.lowercased()
        try db.execute("""
            INSERT INTO outbox (event_id, topic, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?)
            """, [eventId, topic, aggregateId, payload, now.unixSeconds])
        return OutboxEvent(sequence: Int(db.lastInsertRowID), eventId: eventId, topic: topic, aggregateId: aggregateId,
                           payload: payload, createdAt: Date(unixSeconds: now.unixSeconds))
    }

    /// Appends an event whose payload is `payload` encoded as JSON (keys sorted, so equal events are equal text).
    @discardableResult
    public func append<Payload: Encodable>(_ db: Connection, topic: String, aggregateId: String, payload: Payload,
                                           now: Date = Date()) throws -> OutboxEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        return try append(db, topic: topic, aggregateId: aggregateId, payload: json, now: now)
    }

    /// Events not yet marked sent, oldest first.
    public func unsent(_ db: Connection, limit: Int = 100) throws -> [OutboxEvent] {
        try db.query("""
            SELECT outbox_id, event_id, topic, aggregate_id, payload, created_at
            FROM outbox WHERE sent_at IS NULL ORDER BY outbox_id LIMIT ?
            """, [limit]) { row throws(DatabaseError) in
            OutboxEvent(sequence: try row.int(0), eventId: try row.string(1), topic: try row.string(2),
                        aggregateId: try row.string(3), payload: try row.string(4),
                        createdAt: Date(unixSeconds: try row.int64(5)))
        }
    }

    /// Marks events sent; returns how many were still unsent.
    @discardableResult
    public func markSent(_ db: Connection, sequences: [Int], now: Date = Date()) throws -> Int {
        var marked = 0
        for sequence in sequences {
            marked += try db.execute("UPDATE outbox SET sent_at = ? WHERE outbox_id = ? AND sent_at IS NULL",
                                     [now.unixSeconds, sequence])
        }
        return marked
    }

    /// Deletes events sent before `cutoff`; returns how many.
    @discardableResult
    public func purgeSent(_ db: Connection, before cutoff: Date) throws -> Int {
        try db.execute("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?", [cutoff.unixSeconds])
    }

    // MARK: Async conveniences

    public func unsent(limit: Int = 100) async throws -> [OutboxEvent] {
        try await database.read { db in try self.unsent(db, limit: limit) }
    }

    @discardableResult
    public func markSent(sequences: [Int]) async throws -> Int {
        try await database.write { db in try self.markSent(db, sequences: sequences) }
    }
}

/// Remembers which events each consumer has handled, so at-least-once delivery has
/// exactly-once effects.
public struct ProcessedEventRepository: Sendable {
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    /// Records that `consumer` handled `eventId`; returns `true` the first time only.
    /// Call it in the same transaction as the consumer's effects.
    public func recordOnce(_ db: Connection, consumer: String, eventId: String, now: Date = Date()) throws -> Bool {
        try db.execute("""
            INSERT INTO processed_event (consumer, event_id, processed_at) VALUES (?, ?, ?)
            ON CONFLICT (consumer, event_id) DO NOTHING
            """, [consumer, eventId, now.unixSeconds]) == 1
    }

    /// Forgets events handled before `cutoff`; returns how many. Only safe once no delivery of them can
    /// come again (the outbox has dropped them and the broker's redeliveries are long over).
    @discardableResult
    public func purge(_ db: Connection, before cutoff: Date) throws -> Int {
        try db.execute("DELETE FROM processed_event WHERE processed_at < ?", [cutoff.unixSeconds])
    }

    public func recordOnce(consumer: String, eventId: String) async throws -> Bool {
        try await database.write { db in try self.recordOnce(db, consumer: consumer, eventId: eventId) }
    }
}
