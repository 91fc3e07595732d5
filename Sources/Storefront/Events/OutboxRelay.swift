import Database
import Foundation
import Logging
import PluginKit
import Synchronization

/// Moves outbox events to the queue: oldest first, each marked sent only after the broker confirmed it.
/// A crash between publish and mark means the event is published again, which consumers absorb (they
/// record event ids). While the queue is down, events wait in the outbox; the outage is logged once,
/// and so is the recovery.
public final class OutboxRelay: Sendable {
    let database: any DatabaseWriter
    let outbox = OutboxRepository()
    let queue: any MessageQueue
    let logger: Logger
    private let failing = Atomic<Bool>(false)

    public init(database: any DatabaseWriter, queue: any MessageQueue, logger: Logger) {
        self.database = database
        self.queue = queue
        self.logger = logger
    }

    /// Publishes what is unsent now; returns how many events went out.
    @discardableResult
    public func relayOnce(batch: Int = 100) async -> Int {
        guard let events = try? await database.read({ [outbox] db in try outbox.unsent(db, limit: batch) }), !events.isEmpty else { return 0 }
        var sent: [Int] = []
        for event in events {
            do {
                try await queue.publish(QueueMessage(id: event.eventId, topic: event.topic, body: Array(event.payload.utf8)))
                sent.append(event.sequence)
            } catch {
                if !failing.exchange(true, ordering: .relaxed) {
                    logger.warning("queue_unavailable", ["pending_from": "\(event.eventId)", "error": "\(error)"])
                }
                break
            }
        }
        if !sent.isEmpty {
            _ = try? await database.write { [outbox, sent] db in try outbox.markSent(db, sequences: sent) }
            if sent.count == events.count, failing.exchange(false, ordering: .relaxed) { logger.notice("queue_recovered") }
        }
        return sent.count
    }

    /// Relays until the task is cancelled: straight on while there is a backlog, every `idle` otherwise,
    /// and backing off (up to ten seconds) while the queue refuses.
    public func run(idle: Duration = .milliseconds(100)) async {
        var backoff = Duration.milliseconds(250)
        while !Task.isCancelled {
            let published = await relayOnce()
            if failing.load(ordering: .relaxed) {
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(10))
            } else {
                backoff = .milliseconds(250)
                if published == 0 { try? await Task.sleep(for: idle) }
            }
        }
    }
}
