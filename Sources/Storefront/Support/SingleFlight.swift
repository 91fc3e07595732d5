import Synchronization

/// Runs at most one operation per key at a time in this process: a caller that arrives while the key's
/// operation is running waits for it and gets the same result instead of starting another.
///
/// Used where a double click must not become two calls to a provider (a refund); across processes the
/// provider's idempotency key does the same job, this only spares the second call and its "still processing".
final class SingleFlight<Value: Sendable, Failure: Error>: Sendable {
    private let running = Mutex<[String: Task<Result<Value, Failure>, Never>]>([:])

    /// `operation`'s result, or the result of the one already running for `key`.
    func run(_ key: String, _ operation: @escaping @Sendable () async -> Result<Value, Failure>) async -> Result<Value, Failure> {
        let task = running.withLock { running in
            if let current = running[key] { return current }
            let started = Task { await operation() }
            running[key] = started
            return started
        }
        let result = await task.value
        running.withLock { running in
            // Only the first waiter to come back clears the slot, and only if it still holds this task.
            if running[key] == task { running[key] = nil }
        }
        return result
    }
}
