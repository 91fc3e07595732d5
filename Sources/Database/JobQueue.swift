import Dispatch
import Foundation
import Synchronization

/// A FIFO of work for connection threads (the connection, or the slot that holds one, is `Resource`): producers never block, consumers block in `next()`.
///
/// Several threads may consume one queue (the readers share one), which is how a reader that
/// is free picks up the next read. After `close()`, queued jobs still run, then consumers get `nil`.
final class JobQueue<Resource>: Sendable {
    typealias Job = @Sendable (Resource) -> Void

    private struct State {
        var jobs: [Job] = []
        var head = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let ready = DispatchSemaphore(value: 0)
    private let consumers: Int

    init(consumers: Int) { self.consumers = consumers }

    /// Queues `job`; returns `false` when the queue is closed and the job will never run.
    func push(_ job: @escaping Job) -> Bool {
        let accepted = state.withLock { state in
            guard !state.closed else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { ready.signal() }
        return accepted
    }

    /// Blocks the calling (dedicated) thread until a job is ready; `nil` once closed and drained.
    func next() -> Job? {
        ready.wait()
        return state.withLock { state in
            guard state.head < state.jobs.count else { return nil }
            let job = state.jobs[state.head]
            state.head += 1
            // Compact now and then so the array does not grow forever.
            if state.head > 64, state.head * 2 > state.jobs.count {
                state.jobs.removeFirst(state.head)
                state.head = 0
            }
            return job
        }
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
    /// Starts a thread that opens its own resource (a connection), reports the outcome, then runs this
    /// queue's jobs until it closes. The resource is a local of the thread, so it is released when the thread ends.
    func startConsumer(name: String, group: DispatchGroup, open: @escaping @Sendable () throws -> Resource) async throws {
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
                while let job = self.next() { job(resource) }
            }
            thread.name = name
            thread.start()
        }
    }
}
