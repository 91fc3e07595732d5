import Dispatch
import Foundation
import Glibc
import Logging
import Synchronization

/// The in-house HTTP/1.1 server: `eventLoops` threads share one listening socket, each running an epoll loop
/// over its own connections. Each handler runs as a task on the loop that read its request (the loop is the
/// task's executor preference), so a request costs no thread hop; handlers await blocking work, never do it,
/// so a waiting handler stalls nothing else.
///
/// Guarantees: keep-alive and pipelining (answers in request order), strict RFC 9112 parsing with the limits
/// of `ServerConfiguration`, `Date`/`Server`/`Content-Length`/`Connection` set by the server, no body for HEAD,
/// an escaped error becomes a 500 without details, and `shutdown()` finishes in-flight requests before it returns.
/// With an `accessLog` logger, each answered request is logged at `info` as `event=request` with `method`, `path`,
/// `status`, `duration_ms`, `remote` and `bytes` (body bytes sent); path and remote are passed as they came, the
/// handler escapes them.
public final class HTTPServer: Sendable {
    private struct State {
        var started = false
        var stopping = false
        var listenFD: Int32 = -1
        var loops: [EventLoop] = []
        var running = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let context: ServerContext
    private let state = Mutex(State())

    public init(configuration: ServerConfiguration, handler: @escaping Handler,
                accessLog: Logger? = nil) {
        context = ServerContext(configuration: configuration, handler: handler, accessLog: accessLog)
    }

    /// Client connections open now, across every loop (for a metrics gauge).
    public var openConnections: Int { context.openConnections.load(ordering: .relaxed) }

    /// What the server was configured with.
    public var configuration: ServerConfiguration { context.configuration }

    /// Binds, starts the event loops and returns the bound port (useful with port 0).
    public func start() throws(ServerError) -> Int {
        // A peer that resets mid-write must cost an EPIPE, not the process.
        signal(SIGPIPE, SIG_IGN)
        let configuration = context.configuration
        let alreadyStarted = state.withLock { state in
            defer { state.started = true }
            return state.started
        }
        if alreadyStarted { throw .alreadyStarted }
        var listenFD: Int32 = -1
        var port = 0
        var loops: [EventLoop] = []
        do {
            (listenFD, port) = try SocketAddress.listen(host: configuration.host, port: configuration.port)
            for _ in 0..<max(1, configuration.eventLoops) {
                loops.append(try EventLoop(context: context, listenFD: listenFD))
            }
        } catch {
            // Leave the server startable again, e.g. after the address was freed.
            if listenFD >= 0 { close(listenFD) }
            state.withLock { $0.started = false }
            throw error
        }
        for (index, loop) in loops.enumerated() {
            loop.index = index
            loop.peers = loops.map(\.mailbox)
        }
        state.withLock { state in
            state.listenFD = listenFD
            state.loops = loops
            state.running = loops.count
        }
        for (index, loop) in loops.enumerated() {
            let thread = Thread { [self] in
                loop.run()
                loopFinished()
            }
            thread.name = "http-loop-\(index)"
            thread.start()
        }
        return port
    }

    /// Stops accepting, lets in-flight requests finish (up to `shutdownTimeout`), closes every connection,
    /// then returns. Safe to call more than once and from several tasks.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (resumeNow, loops) = state.withLock { state -> (Bool, [EventLoop]) in
                guard state.started, state.running > 0 else { return (true, []) }
                state.waiters.append(continuation)
                if state.stopping { return (false, []) }
                state.stopping = true
                return (false, state.loops)
            }
            if resumeNow {
                continuation.resume()
                return
            }
            if !loops.isEmpty {
                context.stopping.store(true, ordering: .relaxed)
                // Refuse new connections at once, even those already queued for accept.
                state.withLock { _ = Glibc.shutdown($0.listenFD, Int32(SHUT_RDWR)) }
                for loop in loops { loop.mailbox.requestStop() }
            }
        }
    }

    /// Serves until SIGINT or SIGTERM arrives, then shuts down gracefully and returns.
    public func runUntilTerminated() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "http-signals")
        let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
        let fired = Mutex(false)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            for source in sources {
                source.setEventHandler {
                    let first = fired.withLock { fired in
                        defer { fired = true }
                        return !fired
                    }
                    if first { continuation.resume() }
                }
                source.resume()
            }
        }
        for source in sources { source.cancel() }
        await shutdown()
    }

    private func loopFinished() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            guard state.running == 0 else { return [] }
            close(state.listenFD)
            state.listenFD = -1
            state.loops = []
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
