import Dispatch

/// Runs CPU-heavy synchronous work (bcrypt: ~250 ms at cost 12) on a Dispatch global queue, so it
/// occupies neither an HTTP event-loop thread nor one of the few threads of Swift's cooperative pool.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: body()) }
        }
    }
}
