import Synchronization
import TestSupport

/// Lets a test hold a handler mid-request and release it later, and see that the handler has started.
final class Gate: Sendable {
    private struct State {
        var open = false
        var entered = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Called by the handler: counts the arrival, then waits until `open()`.
    func pass() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                state.entered += 1
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var entered: Int { state.withLock { $0.entered } }

    /// Polls until `count` handlers are waiting or the deadline passes.
    func waitUntilEntered(_ count: Int = 1, timeout: Duration = TestHTTPClient.patience) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if entered >= count { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return false
    }
}
