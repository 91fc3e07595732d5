import Foundation
import PluginKit
import Synchronization

/// The `inprocess` queue: the default when one storefront process does everything. Each consumer group
/// has a bounded buffer and a worker task; a message is delivered until its handler acks it (retries back
/// off up to five seconds). Publishing confirms at once (the buffer holds it) and fails with `.full`
/// when a group's buffer is full, so the outbox keeps the event and tries again. Messages live in memory:
/// the outbox, not this queue, is what makes events survive a restart.
public final class InProcessQueue: MessageQueue {
    private final class Group: Sendable {
        let topics: [String]
        let handler: @Sendable (QueueMessage) async -> QueueAck
        let buffer = Mutex<[QueueMessage]>([])
        let wake: AsyncStream<Void>.Continuation
        let signals: AsyncStream<Void>

        init(topics: [String], handler: @escaping @Sendable (QueueMessage) async -> QueueAck) {
            self.topics = topics
            self.handler = handler
            (signals, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        }
    }

    private let capacity: Int
    private let groups = Mutex<[String: Group]>([:])
    private let workers = Mutex<[Task<Void, Never>]>([])
    private let closed = Atomic<Bool>(false)

    public init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Builds it from `queue.options`: `capacity` (messages per consumer group).
    public convenience init(options: PluginOptions) throws(PluginError) {
        try options.only(["capacity"])
        self.init(capacity: try options.int("capacity", default: 10_000, range: 1...10_000_000))
    }

    public func publish(_ message: QueueMessage) async throws(QueueError) {
        guard !closed.load(ordering: .relaxed) else { throw QueueError(.closed, "the in-process queue is shut down") }
        let targets = groups.withLock { Array($0.values) }.filter { group in group.topics.contains { message.matches($0) } }
        for group in targets where group.buffer.withLock({ $0.count }) >= capacity {
            throw QueueError(.full, "a consumer group holds \(capacity) undelivered messages")
        }
        for group in targets {
            group.buffer.withLock { $0.append(message) }
            group.wake.yield()
        }
    }

    public func subscribe(group name: String, topics: [String],
                          handler: @escaping @Sendable (QueueMessage) async -> QueueAck) async throws(QueueError) {
        guard !closed.load(ordering: .relaxed) else { throw QueueError(.closed, "the in-process queue is shut down") }
        let group = Group(topics: topics, handler: handler)
        let added = groups.withLock { groups in
            guard groups[name] == nil else { return false }
            groups[name] = group
            return true
        }
        guard added else { throw QueueError(.protocolError, "consumer group \(name) is already subscribed") }
        let worker = Task { [self] in
            var attempts = 0
            var signals = group.signals.makeAsyncIterator()
            while !closed.load(ordering: .relaxed) {
                guard let message = group.buffer.withLock({ $0.first }) else {
                    guard await signals.next() != nil else { return }
                    continue
                }
                if await group.handler(message) == .ack {
                    attempts = 0
                    group.buffer.withLock { _ = $0.removeFirst() }
                } else {
                    attempts += 1
                    try? await Task.sleep(for: .milliseconds(min(5_000, 50 << min(attempts, 7))))
                }
            }
        }
        workers.withLock { $0.append(worker) }
    }

    public func shutdown() async {
        closed.store(true, ordering: .relaxed)
        for group in groups.withLock({ Array($0.values) }) { group.wake.finish() }
        for worker in workers.withLock({ $0 }) { await worker.value }
    }
}
