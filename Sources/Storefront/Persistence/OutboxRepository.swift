import Database
import Foundation

/// The transactional outbox: domain events written in the same transaction as the state change
/// they describe, then relayed to the queue. An event is never lost (it stays until marked sent)
/// and may be relayed more than once, so consumers deduplicate on `eventId`.
public struct OutboxRepository: Sendable {
    public init() {}

    /// Appends an event inside the caller's transaction and returns it.
    @discardableResult
    public func append(_ db: any DatabaseConnection, topic: String, aggregateId: String, payload: String,
                       now: Date = Date()) throws -> OutboxEvent {
        let eventId = SecureToken.uuidString()
        let sequence = try db.queryOne("""
            INSERT INTO outbox (event_id, topic, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?)
            RETURNING outbox_id
            """, [eventId, topic, aggregateId, payload, now.unixSeconds]) { row throws(DatabaseError) in
            try row.int("outbox_id")
        }
        guard let sequence else { throw DatabaseError(kind: .other, message: "INSERT INTO outbox returned no outbox_id") }
        return OutboxEvent(sequence: sequence, eventId: eventId, topic: topic, aggregateId: aggregateId,
                           payload: payload, createdAt: Date(unixSeconds: now.unixSeconds))
    }

    /// Appends an event whose payload is `payload` encoded as JSON (keys sorted, so equal events are equal text).
    @discardableResult
    public func append<Payload: Encodable>(_ db: any DatabaseConnection, topic: String, aggregateId: String, payload: Payload,
                                           now: Date = Date()) throws -> OutboxEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        return try append(db, topic: topic, aggregateId: aggregateId, payload: json, now: now)
    }

    /// Events not yet marked sent, oldest first.
    public func unsent(_ db: any DatabaseConnection, limit: Int = 100) throws -> [OutboxEvent] {
        try db.query("""
            SELECT outbox_id, event_id, topic, aggregate_id, payload, created_at
            FROM outbox WHERE sent_at IS NULL ORDER BY outbox_id LIMIT ?
            """, [limit], OutboxEvent.init(row:))
    }

    /// Takes up to `limit` unsent events no other relay holds, oldest first, and holds them until
    /// `now + lease`: another relay's `claim` skips them until then, so relays on several instances publish
    /// different events at once. A relay that stops before `markSent` loses nothing: once the lease ends its
    /// events are claimed again, which is why delivery stays at least once (consumers deduplicate on `eventId`).
    /// On PostgreSQL `FOR UPDATE SKIP LOCKED` lets a second claim running at the same moment pass over the rows
    /// the first is taking instead of waiting for them and then finding them held; SQLite's single writer
    /// already runs one claim at a time.
    public func claim(_ db: any DatabaseConnection, limit: Int = 100, lease: TimeInterval = 60, now: Date = Date()) throws -> [OutboxEvent] {
        let skipLocked = db.engine == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try db.query("""
            UPDATE outbox SET claimed_until = ? WHERE outbox_id IN (
                SELECT outbox_id FROM outbox WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?)
                ORDER BY outbox_id LIMIT ? \(skipLocked))
            RETURNING outbox_id, event_id, topic, aggregate_id, payload, created_at
            """, [now.unixSeconds + Int64(lease), now.unixSeconds, max(0, limit)], OutboxEvent.init(row:))
            .sorted { $0.sequence < $1.sequence }
    }

    /// Gives claimed events back before their lease ends (their publishing failed), so the next claim
    /// retries them at once; returns how many were still unsent.
    @discardableResult
    public func release(_ db: any DatabaseConnection, sequences: [Int]) throws -> Int {
        var released = 0
        for sequence in sequences {
            released += try db.execute("UPDATE outbox SET claimed_until = NULL WHERE outbox_id = ? AND sent_at IS NULL", [sequence])
        }
        return released
    }

    /// Marks events sent; returns how many were still unsent.
    @discardableResult
    public func markSent(_ db: any DatabaseConnection, sequences: [Int], now: Date = Date()) throws -> Int {
        var marked = 0
        for sequence in sequences {
            marked += try db.execute("UPDATE outbox SET sent_at = ? WHERE outbox_id = ? AND sent_at IS NULL",
                                     [now.unixSeconds, sequence])
        }
        return marked
    }

    /// Whether the outbox still holds an event of `topic` about `aggregateId` (sent or not; purged ones are gone).
    public func hasEvent(_ db: any DatabaseConnection, topic: String, aggregateId: String) throws -> Bool {
        try db.queryOne("SELECT 1 AS found FROM outbox WHERE aggregate_id = ? AND topic = ? LIMIT 1", [aggregateId, topic]) {
            row throws(DatabaseError) in try row.int("found")
        } != nil
    }

    /// Deletes events sent before `cutoff`; returns how many.
    @discardableResult
    public func purgeSent(_ db: any DatabaseConnection, before cutoff: Date) throws -> Int {
        try db.execute("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?", [cutoff.unixSeconds])
    }
}

/// Remembers which events each consumer has handled, so at-least-once delivery has
/// exactly-once effects.
public struct ProcessedEventRepository: Sendable {
    public init() {}

    /// Records that `consumer` handled `eventId`; returns `true` the first time only.
    /// Call it in the same transaction as the consumer's effects.
    public func recordOnce(_ db: any DatabaseConnection, consumer: String, eventId: String, now: Date = Date()) throws -> Bool {
        try db.execute("""
            INSERT INTO processed_event (consumer, event_id, processed_at) VALUES (?, ?, ?)
            ON CONFLICT (consumer, event_id) DO NOTHING
            """, [consumer, eventId, now.unixSeconds]) == 1
    }

    /// Whether `consumer` has recorded `eventId` already (for a consumer whose effect is outside the database, which
    /// records after the effect instead of with it).
    public func hasRecorded(_ db: any DatabaseConnection, consumer: String, eventId: String) throws -> Bool {
        try db.queryOne("SELECT 1 AS seen FROM processed_event WHERE consumer = ? AND event_id = ?", [consumer, eventId]) {
            row throws(DatabaseError) in try row.int("seen")
        } != nil
    }

    /// Forgets events handled before `cutoff`; returns how many. Only safe once no delivery of them can
    /// come again (the outbox has dropped them and the broker's redeliveries are long over).
    @discardableResult
    public func purge(_ db: any DatabaseConnection, before cutoff: Date) throws -> Int {
        try db.execute("DELETE FROM processed_event WHERE processed_at < ?", [cutoff.unixSeconds])
    }
}

extension OutboxEvent {
    init(row: borrowing Row) throws(DatabaseError) {
        self.init(sequence: try row.int("outbox_id"), eventId: try row.string("event_id"), topic: try row.string("topic"),
                  aggregateId: try row.string("aggregate_id"), payload: try row.string("payload"),
                  createdAt: Date(unixSeconds: try row.int64("created_at")))
    }
}
