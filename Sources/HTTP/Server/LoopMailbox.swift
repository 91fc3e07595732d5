import CEpoll
import Glibc
import Synchronization

/// A finished response on its way back to the event loop that owns the connection.
struct Completion: Sendable {
    let connectionID: UInt64
    let fd: Int32
    let wire: ResponseSerializer.Wire
    let keepAlive: Bool
}

/// A client connection another loop accepted and handed over, so connections spread evenly across loops.
struct AcceptedSocket: Sendable {
    let fd: Int32
    let remoteAddress: String
}

/// A streamed body's handler took enough of it: the loop may read that connection's socket again.
struct BodyResume: Sendable {
    let connectionID: UInt64
    let fd: Int32
}

/// What one event loop has to do besides its sockets: handler jobs to run, responses to write, streamed bodies to
/// resume, connections another loop accepted for it. It is also the loop's `TaskExecutor`, so a handler task started with it as preference runs on the
/// loop's own thread, and so does every continuation of it after an `await` (a database read, a cache call).
///
/// Guarantees: work queued from the loop's own thread is taken before the loop sleeps, without a wakeup; work
/// queued from any other thread writes the eventfd once until the loop takes it, so a busy loop takes many
/// items per wakeup and nothing is ever left waiting without one. Once the loop has ended (`close`), jobs go to
/// the global concurrent executor instead, so a task still running after shutdown finishes rather than hangs.
/// The mailbox owns the eventfd and closes it when the last task lets go of it, so a late task never writes to
/// a reused descriptor.
final class LoopMailbox: TaskExecutor {
    /// Everything queued since the loop last took its work.
    struct Work {
        var jobs: [UnownedJob] = []
        var completions: [Completion] = []
        var resumes: [BodyResume] = []
        var accepted: [AcceptedSocket] = []

        var isEmpty: Bool { jobs.isEmpty && completions.isEmpty && resumes.isEmpty && accepted.isEmpty }
    }

    private struct State {
        var work = Work()
        var signaled = false
        var stopRequested = false
        var closed = false
    }

    let wakeFD: Int32
    private let state = Mutex(State())
    /// The loop's thread (`pthread_t`), 0 until it runs.
    private let loopThread = Atomic<UInt>(0)

    init() throws(ServerError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw .socketFailed(operation: "eventfd", errno: errno) }
        wakeFD = fd
    }

    deinit { close(wakeFD) }

    /// Called by the loop on its thread before it first waits.
    func bindToCurrentThread() {
        loopThread.store(UInt(pthread_self()), ordering: .relaxed)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if !enqueue({ $0.jobs.append(job) }) {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }

    func post(_ completion: Completion) {
        enqueue { $0.completions.append(completion) }
    }

    func post(_ resume: BodyResume) {
        enqueue { $0.resumes.append(resume) }
    }

    /// False once the loop has ended: the caller still owns the socket.
    func post(_ socket: AcceptedSocket) -> Bool {
        enqueue { $0.accepted.append(socket) }
    }

    /// Adds to the queue and wakes the loop if it may be asleep; false once the loop has ended.
    @discardableResult
    private func enqueue(_ add: (inout Work) -> Void) -> Bool {
        let onLoop = pthread_self() == loopThread.load(ordering: .relaxed)
        let (accepted, mustWake) = state.withLock { state -> (Bool, Bool) in
            if state.closed { return (false, false) }
            add(&state.work)
            if onLoop || state.signaled { return (true, false) }
            state.signaled = true
            return (true, true)
        }
        if mustWake { wake() }
        return accepted
    }

    func requestStop() {
        state.withLock { $0.stopRequested = true }
        wake()
    }

    /// Reads the eventfd after it woke the loop, so the next wait sleeps until someone posts again.
    func acknowledgeWake() {
        var counter: eventfd_t = 0
        _ = eventfd_read(wakeFD, &counter)
    }

    /// Swaps the queued work into `work` (which should be empty) and says whether a stop was requested.
    /// Posts from other threads after this write the eventfd again.
    func take(into work: inout Work) -> Bool {
        state.withLock { state in
            swap(&state.work, &work)
            state.signaled = false
            return state.stopRequested
        }
    }

    /// Whether work is queued (the loop then polls instead of sleeping).
    var hasWork: Bool { state.withLock { !$0.work.isEmpty } }

    /// The loop has ended: jobs still queued, and any queued later, run on the global concurrent executor.
    func loopEnded() {
        let jobs = state.withLock { state -> [UnownedJob] in
            state.closed = true
            defer { state.work = Work() }
            return state.work.jobs
        }
        for job in jobs { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }

    private func wake() {
        _ = eventfd_write(wakeFD, 1)
    }
}
