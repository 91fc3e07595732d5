import Database
import Foundation
import Logging
import PluginKit
import Synchronization

/// Moves outbox events to the queue: oldest first, each marked sent only after the broker confirmed it.
/// A crash between publish and mark means the event is published again, which consumers absorb (they
/// record event ids). While the queue is down, events wait in the outbox; the outage is logged once,
/// and so is the recovery.
///
/// Several instances may each run a relay over one database: a relay publishes only the batch it claimed
/// (`OutboxRepository.claim`), so two relays never publish the same event at once. Delivery stays at least
/// once: a relay that dies, or takes longer than `lease`, leaves its batch to be claimed and published again.
/// Across instances, events of different batches may reach the queue out of order.
public final class OutboxRelay: Sendable {
    let database: any DatabaseWriter
    let outbox = OutboxRepository()
    let queue: any MessageQueue
    let logger: Logger
    private let failing = Atomic<Bool>(false)
    let metrics: ShopMetrics?

    /// How long a claimed batch is this relay's alone; far more than publishing a batch takes.
    let lease: TimeInterval

    public init(database: any DatabaseWriter, queue: any MessageQueue, metrics: ShopMetrics? = nil, lease: TimeInterval = 60,
                logger: Logger) {
        self.database = database
        self.lease = lease
        self.metrics = metrics
        self.queue = queue
        self.logger = logger
    }

    /// Publishes what is unsent now; returns how many events went out.
    @discardableResult
    public func relayOnce(batch: Int = 100) async -> Int {
        // A read first, so an idle relay does not take the write lock on every poll.
        guard let waiting = try? await database.read({ [outbox] db in try !outbox.unsent(db, limit: 1).isEmpty }), waiting,
              let events = try? await database.write({ [outbox, lease] db in try outbox.claim(db, limit: batch, lease: lease) }),
              !events.isEmpty else { return 0 }
        var sent: [Int] = []
        for event in events {
            do {
                try await queue.publish(QueueMessage(id: event.eventId, topic: event.topic, body: Array(event.payload.utf8)))
                sent.append(event.sequence)
                metrics?.outboxPublished.increment()
            } catch {
                metrics?.outboxPublishFailures.increment()
                if !failing.exchange(true, ordering: .relaxed) {
                    logger.warning("queue_unavailable", ["pending_from": "\(event.eventId)", "error": "\(error)"])
                }
                break
            }
        }
        // Publishing stops at the first refusal, so what was not sent is the rest of the batch: given back
        // now rather than when the lease ends. Were this write lost, the lease still ends.
        let unpublished = events.dropFirst(sent.count).map(\.sequence)
        _ = try? await database.write { [outbox, sent] db in
            try outbox.markSent(db, sequences: sent)
            try outbox.release(db, sequences: unpublished)
        }
        if sent.count == events.count, failing.exchange(false, ordering: .relaxed) { logger.notice("queue_recovered") }
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
