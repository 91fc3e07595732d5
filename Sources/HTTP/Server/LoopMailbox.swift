import CEpoll
import Glibc
import Synchronization

/// A finished response on its way back to the event loop that owns the connection.
struct Completion: Sendable {
    let connectionID: UInt64
    let fd: Int32
    let bytes: [UInt8]
    let keepAlive: Bool
}

/// A streamed body's handler took enough of it: the loop may read that connection's socket again.
struct BodyResume: Sendable {
    let connectionID: UInt64
    let fd: Int32
}

/// Where handler tasks hand responses back to one event loop: a Mutex-guarded queue plus an eventfd that
/// wakes the loop. Only the first post after the loop drained writes the eventfd, so a busy loop takes many
/// responses per wakeup. The mailbox owns the eventfd and closes it when the last task lets go of it, so a
/// late task never writes to a reused descriptor.
final class LoopMailbox: Sendable {
    private struct State {
        var completions: [Completion] = []
        var resumes: [BodyResume] = []
        var signaled = false
        var stopRequested = false
    }

    let wakeFD: Int32
    private let state = Mutex(State())

    init() throws(ServerError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw .socketFailed(operation: "eventfd", errno: errno) }
        wakeFD = fd
    }

    deinit { close(wakeFD) }

    func post(_ completion: Completion) {
        enqueue { $0.completions.append(completion) }
    }

    func post(_ resume: BodyResume) {
        enqueue { $0.resumes.append(resume) }
    }

    private func enqueue(_ add: (inout State) -> Void) {
        let mustWake = state.withLock { state in
            add(&state)
            if state.signaled { return false }
            state.signaled = true
            return true
        }
        if mustWake { wake() }
    }

    func requestStop() {
        state.withLock { $0.stopRequested = true }
        wake()
    }

    /// Moves queued completions into `batch` and body resumes into `resumes` (both should be empty) and says
    /// whether a stop was requested.
    /// The eventfd is read before the queue is taken: a post racing with us either lands in this batch or
    /// writes the eventfd again, so no response is ever left waiting without a wakeup.
    func take(into batch: inout [Completion], resumes: inout [BodyResume]) -> Bool {
        var counter: eventfd_t = 0
        _ = eventfd_read(wakeFD, &counter)
        return state.withLock { state in
            swap(&state.completions, &batch)
            swap(&state.resumes, &resumes)
            state.signaled = false
            return state.stopRequested
        }
    }

    private func wake() {
        _ = eventfd_write(wakeFD, 1)
    }
}
