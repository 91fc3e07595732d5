import Dispatch
import Foundation
import Synchronization

/// A job for a connection thread: the connection (or the slot that holds one) is `Resource`.
typealias Job<Resource> = @Sendable (Resource) -> Void

/// A FIFO of work for connection threads: producers never block, consumers block in `next()` or `nextBatch`.
///
/// Several threads may consume one queue (the readers share one), which is how a reader that
/// is free picks up the next read. After `close()`, queued work still runs, then consumers get `nil`.
final class JobQueue<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var head = 0
        var closed = false
    }

    private let state = Mutex(State())
    /// One signal per pushed item (and one per consumer at close): its count is what is queued.
    private let ready = DispatchSemaphore(value: 0)
    private let consumers: Int

    init(consumers: Int) { self.consumers = consumers }

    /// Queues `item`; returns `false` when the queue is closed and the item will never be taken.
    func push(_ item: Element) -> Bool {
        let accepted = state.withLock { state in
            guard !state.closed else { return false }
            state.items.append(item)
            return true
        }
        if accepted { ready.signal() }
        return accepted
    }

    /// Blocks the calling (dedicated) thread until an item is ready; `nil` once closed and drained.
    func next() -> Element? {
        ready.wait()
        return state.withLock { state in Self.take(upTo: 1, from: &state).first }
    }

    /// Blocks until an item is ready, then takes it with those queued behind it, `limit` at most: for a consumer
    /// that does better with several at once (the writer commits them together). `nil` once closed and drained.
    /// Only for a queue with one consumer: another consumer woken for an item taken here would find none.
    func nextBatch(upTo limit: Int) -> [Element]? {
        ready.wait()
        let batch = state.withLock { state in Self.take(upTo: max(1, limit), from: &state) }
        guard !batch.isEmpty else { return nil }
        // Each item taken beyond the first was signalled when pushed; its signal is due (if not yet posted, a moment away).
        for _ in 1..<batch.count { ready.wait() }
        return batch
    }

    private static func take(upTo limit: Int, from state: inout State) -> [Element] {
        let count = min(limit, state.items.count - state.head)
        guard count > 0 else { return [] }
        let taken = Array(state.items[state.head..<(state.head + count)])
        state.head += count
        // Compact now and then so the array does not grow forever.
        if state.head > 64, state.head * 2 > state.items.count {
            state.items.removeFirst(state.head)
            state.head = 0
        }
        return taken
    }

    func close() {
        let wasOpen = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        // One wake-up per consumer so each of them sees the end.
        if wasOpen { for _ in 0..<consumers { ready.signal() } }
    }
}

extension JobQueue {
    /// Starts a thread that opens its own resource (a connection), reports the outcome, then hands it to `serve`,
    /// which takes this queue's work until it closes. The resource is a local of the thread, so it is released
    /// when the thread ends.
    func startThread<Resource>(name: String, group: DispatchGroup, open: @escaping @Sendable () throws -> Resource,
                               serve: @escaping @Sendable (Resource) -> Void) async throws {
        try await withCheckedThrowingContinuation { (opened: CheckedContinuation<Void, any Error>) in
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                let resource: Resource
                do {
                    resource = try open()
                } catch {
                    opened.resume(throwing: error)
                    return
                }
                opened.resume()
                serve(resource)
            }
            thread.name = name
            thread.start()
        }
    }

    /// Starts a thread that opens its resource, then runs this queue's jobs one at a time until it closes.
    func startConsumer<Resource>(name: String, group: DispatchGroup, open: @escaping @Sendable () throws -> Resource) async throws
        where Element == Job<Resource> {
        try await startThread(name: name, group: group, open: open) { resource in
            while let job = self.next() { job(resource) }
        }
    }
}
