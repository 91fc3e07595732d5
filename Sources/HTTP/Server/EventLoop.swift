import CEpoll
import Glibc
import Logging
import Synchronization

/// What every event loop and handler task of one server share.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let limits: ParserLimits
    let handler: Handler
    let accessLog: Logger?
    let dates = DateHeaderCache()
    let stopping = Atomic<Bool>(false)
    /// Client connections open across every loop, held under `configuration.maxConnections`.
    let openConnections = Atomic<Int>(0)
    /// Which loop gets the next accepted connection (modulo the number of loops).
    let acceptTurn = Atomic<UInt>(0)
    /// Connections whose requests wait because their client is behind on reading answers (`heldForOutput`).
    let connectionsHeldForOutput = Atomic<Int>(0)

    init(configuration: ServerConfiguration, handler: @escaping Handler,
         accessLog: Logger?) {
        self.configuration = configuration
        limits = configuration.parserLimits
        self.handler = handler
        self.accessLog = accessLog
    }
}

/// One event-loop thread: an epoll set holding the shared listening socket, its own connections and its
/// mailbox's eventfd. It accepts, reads, parses and writes, and runs the handler tasks it starts: each prefers
/// the loop's mailbox as its executor, so a request is parsed, handled, serialized and written on one thread,
/// without a hop to the global pool and back (an upload's handler, which parses as its body streams in, runs on
/// the global pool instead). Handlers never block (blocking work has threads of its own and is
/// awaited), so the loop keeps serving its other connections while a handler waits.
///
/// `@unchecked Sendable` because the instance is handed to its thread once; from then on every stored
/// property except `mailbox` (which is Sendable) is touched only by that thread.
final class EventLoop: @unchecked Sendable {
    let mailbox: LoopMailbox
    let context: ServerContext
    /// Every loop's mailbox, this one's at `index`; set before the loops start.
    var peers: [LoopMailbox] = []
    var index = 0
    private let epollFD: Int32
    private let listenFD: Int32
    var connections: [Int32: Connection] = [:]
    private var nextConnectionID: UInt64 = 0
    var now: UInt64 = 0
    private var nextSweep: UInt64 = 0
    private var stopping = false
    var acceptPaused = false
    private var stopDeadline: UInt64 = .max
    private var work = LoopMailbox.Work()
    private let sweepInterval: UInt64
    private static let lingerLimit: UInt64 = 2_000_000_000

    init(context: ServerContext, listenFD: Int32) throws(ServerError) {
        self.context = context
        self.listenFD = listenFD
        mailbox = try LoopMailbox()
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .socketFailed(operation: "epoll_create1", errno: errno) }
        let configuration = context.configuration
        let shortest = min(configuration.headerTimeout, configuration.idleTimeout, configuration.writeTimeout).nanoseconds
        sweepInterval = min(1_000_000_000, max(20_000_000, shortest / 4))
        // Exclusive wakeups: one loop per incoming connection instead of a thundering herd.
        guard register(listenFD, EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue),
              register(mailbox.wakeFD, EPOLLIN.rawValue) else {
            let code = errno
            close(epollFD)
            throw .socketFailed(operation: "epoll_ctl", errno: code)
        }
    }

    // MARK: The loop

    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        now = Self.monotonicNow()
        nextSweep = now + sweepInterval
        mailbox.bindToCurrentThread()
        while true {
            // Work queued by this thread (a handler's next step, its response) is taken before sleeping.
            let timeoutMs = mailbox.hasWork ? 0 : Int32(max(1, (nextSweep > now ? nextSweep - now : 0) / 1_000_000))
            let count = events.withUnsafeMutableBufferPointer { buffer in
                epoll_wait(epollFD, buffer.baseAddress, Int32(buffer.count), timeoutMs)
            }
            now = Self.monotonicNow()
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                let fd = event.data.fd
                if fd == listenFD {
                    if !stopping { acceptConnections() }
                } else if fd == mailbox.wakeFD {
                    mailbox.acknowledgeWake()
                } else if let connection = connections[fd] {
                    handle(connection, events: event.events)
                }
            }
            drainMailbox()
            if now >= nextSweep {
                makeRoomForWaitingClients()
                resumeAcceptingIfRoom()
                sweep()
                nextSweep = now + sweepInterval
            }
            if stopping && (now >= stopDeadline || !connections.values.contains { $0.inFlight || $0.hasPendingOutput }) {
                break
            }
        }
        for connection in Array(connections.values) { closeConnection(connection) }
        close(epollFD)
        mailbox.loopEnded()
    }

    private func register(_ fd: Int32, _ events: UInt32) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        return epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0
    }

    static func monotonicNow() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    // MARK: Accepting

    /// Watches the listening socket again after a pause, if there is room for another connection.
    func resumeAcceptingIfRoom() {
        guard acceptPaused, !stopping, !atConnectionCap else { return }
        acceptPaused = !register(listenFD, EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
    }

    /// Stops watching the listening socket (it stays readable, so level-triggering would spin) until
    /// `resumeAcceptingIfRoom` finds room again.
    private func pauseAccepting() {
        epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, nil)
        acceptPaused = true
    }

    /// Closes this loop's longest-idle connections (connected, no request under way, nothing left to send),
    /// a few at a time so that a long run of clients at the cap does not scan every connection for each one.
    /// Returns whether it closed any.
    private func reclaimIdleConnections() -> Bool {
        let idle = connections.values.filter(\.isIdle)
        guard !idle.isEmpty else { return false }
        for connection in idle.sorted(by: { $0.lastActivity < $1.lastActivity }).prefix(max(1, idle.count / 32)) {
            closeConnection(connection)
        }
        return true
    }

    private var atConnectionCap: Bool {
        context.openConnections.load(ordering: .relaxed) >= context.configuration.maxConnections
    }

    /// At the cap, with a client waiting, makes room from this loop's idle connections and accepts. Each sweep
    /// does this because the loop that was woken for the client may hold no idle connection while another does.
    private func makeRoomForWaitingClients() {
        guard !stopping, atConnectionCap, clientsWaiting(), reclaimIdleConnections() else { return }
        // A paused loop re-registers the listening socket in `resumeAcceptingIfRoom`, and its readiness follows.
        if !acceptPaused { acceptConnections() }
    }

    /// Whether a client is waiting in the listening socket's backlog.
    private func clientsWaiting() -> Bool {
        var probe = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
        return poll(&probe, 1, 0) == 1 && probe.revents & Int16(POLLIN) != 0
    }

    private func acceptConnections() {
        while true {
            // At the cap, a client waiting to be accepted takes the place of idle ones (as nginx reuses keep-alive
            // connections), so sockets that say nothing cannot hold the server; with none idle, new clients wait
            // in the kernel's backlog rather than take the last descriptors.
            if atConnectionCap {
                if clientsWaiting() && reclaimIdleConnections() { continue }
                pauseAccepting()
                return
            }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listenFD, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EAGAIN, EWOULDBLOCK: return
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors after all (something else took them): pause until the next sweep;
                    // timeouts free descriptors meanwhile.
                    pauseAccepting()
                    return
                default:
                    // The listening socket is gone (shutdown); stop watching it so level-triggering cannot spin.
                    epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, nil)
                    return
                }
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            context.openConnections.add(1, ordering: .relaxed)
            handOut(AcceptedSocket(fd: fd, remoteAddress: SocketAddress.describe(address)))
        }
    }

    /// Gives each accepted connection to the loops in turn. The loop that wakes for a burst of clients accepts
    /// them all; since a connection's handlers run on its loop, keeping them all would leave the other cores idle.
    private func handOut(_ socket: AcceptedSocket) {
        let turn = Int(context.acceptTurn.wrappingAdd(1, ordering: .relaxed).oldValue % UInt(max(1, peers.count)))
        if turn == index || !peers.indices.contains(turn) {
            adopt(socket)
        } else if !peers[turn].post(socket) {
            close(socket.fd)
            context.openConnections.subtract(1, ordering: .relaxed)
        }
    }

    /// Starts watching a connection this loop accepted or was handed.
    func adopt(_ socket: AcceptedSocket) {
        let events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        guard register(socket.fd, events) else {
            close(socket.fd)
            context.openConnections.subtract(1, ordering: .relaxed)
            return
        }
        nextConnectionID += 1
        connections[socket.fd] = Connection(fd: socket.fd, id: nextConnectionID, remoteAddress: socket.remoteAddress,
                                            limits: context.limits, now: now)
    }

    // MARK: Reading and parsing

    private func handle(_ connection: Connection, events: UInt32) {
        let readable = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue
        if events & readable != 0 { read(connection) }
        if !connection.isClosed && events & EPOLLOUT.rawValue != 0 && connection.hasPendingOutput { flush(connection) }
    }

    func read(_ connection: Connection) {
        if connection.lingeringSince != nil {
            discardInput(connection)
            return
        }
        while !connection.isClosed && !connection.peerClosed {
            let busy = !connection.mayParse
            guard let space = connection.input.writableSpace() else {
                if busy {
                    connection.readPaused = true
                } else {
                    respondAndClose(connection, .requestHeaderFieldsTooLarge)
                }
                return
            }
            let count = Glibc.read(connection.fd, space.baseAddress, space.count)
            if count > 0 {
                connection.input.commit(count)
                connection.lastActivity = now
                if !busy { process(connection) }
            } else if count == 0 {
                connection.peerClosed = true
                if !busy { process(connection) }
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                connection.readPaused = false
                return
            } else if errno != EINTR {
                closeConnection(connection)
            }
        }
    }

    /// Parses buffered bytes until a request is dispatched, more bytes are needed, or the connection ends.
    func process(_ connection: Connection) {
        while !connection.isClosed && connection.mayParse {
            var consumed = 0
            let event = connection.input.withReadableBytes { bytes in
                connection.parser.parse(bytes, consumed: &consumed)
            }
            connection.input.consume(consumed)
            if connection.bodyStream != nil { forwardStreamedBody(connection) }
            switch event {
            case .needMore:
                if connection.parser.isMidRequest || !connection.input.isEmpty {
                    if connection.requestStartedAt == nil { connection.requestStartedAt = now }
                    if connection.parser.isReadingBody && !connection.readingBody {
                        connection.readingBody = true
                        connection.requestStartedAt = now
                    }
                } else {
                    connection.requestStartedAt = nil
                }
                if connection.peerClosed {
                    endStreamedBody(connection, .failure(.connectionClosed))
                    finishAfterWrite(connection)
                }
                return
            case .expectContinue:
                write(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            case .failure(let status):
                if connection.bodyStream != nil {
                    // The handler is reading this body: it answers (its reader sees why), then the connection closes.
                    endStreamedBody(connection, .failure(status == .contentTooLarge ? .tooLarge : .malformed(status)))
                    connection.closeAfterWrite = true
                } else {
                    respondAndClose(connection, status)
                }
                return
            case .streamedHead(let request, let keepAlive, let expectsContinue):
                if expectsContinue { write(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
                startStreamedBody(request, keepAlive: keepAlive && !stopping, on: connection)
            case .streamedBodyEnd:
                endStreamedBody(connection, .success(()))
            case .request(let request, let keepAlive):
                connection.requestStartedAt = nil
                connection.readingBody = false
                connection.inFlight = true
                // A client that half-closed still gets every complete request answered; the connection closes
                // once its input holds no further complete request (`.needMore` above).
                dispatch(request, keepAlive: keepAlive && !stopping, on: connection)
                return
            }
        }
    }

    func discardInput(_ connection: Connection) {
        var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while true {
            let count = withUnsafeMutableBytes(of: &scratch) { Glibc.read(connection.fd, $0.baseAddress, $0.count) }
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            closeConnection(connection)
            return
        }
    }

    // MARK: Handlers

    func dispatch(_ request: Request, keepAlive: Bool, on connection: Connection) {
        let context = self.context, mailbox = self.mailbox
        let id = connection.id, fd = connection.fd
        // An upload's handler reads and parses up to megabytes as they arrive (a CSV, an image): it runs on the global
        // pool, so this loop's other connections are not held while it computes.
        let executor: any TaskExecutor = request.bodyStream == nil ? mailbox : globalConcurrentExecutor
        Task(executorPreference: executor) {
            let started = ContinuousClock.now
            let request = context.configuration.forwardedFor.resolve(request)
            let response = await Self.respond(to: request, using: context.handler)
            // A body the handler did not wait for is still arriving: the connection cannot carry another request.
            let keep = keepAlive && !context.stopping.load(ordering: .relaxed) && request.bodyStream?.receivedWhole ?? true
            let headOnly = request.method == .HEAD
            let wire = ResponseSerializer.serialize(response, headOnly: headOnly, keepAlive: keep,
                                                     dateLine: context.dates.line())
            mailbox.post(Completion(connectionID: id, fd: fd, wire: wire, keepAlive: keep))
            if let log = context.accessLog {
                let elapsed = ContinuousClock.now - started
                log.info("request", ["method": .string(request.method.rawValue), "path": .string(request.path),
                                     "status": .int(response.status.code),
                                     "duration_ms": .twoDecimals(Double(elapsed.nanoseconds) / 1_000_000),
                                     "remote": .string(request.remoteAddress), "bytes": .int(headOnly ? 0 : response.body.count)])
            }
        }
    }

    /// Runs the handler; an error that escaped every middleware becomes its own status (`HTTPError`) or a 500
    /// that says nothing about the cause.
    private static func respond(to request: Request, using handler: Handler) async -> Response {
        do {
            return try await handler(request)
        } catch let error as HTTPError {
            return .text(error.message.isEmpty ? error.status.reason : error.message, status: error.status)
        } catch {
            return .text("Internal Server Error", status: .internalServerError)
        }
    }

    /// Runs queued handler jobs, writes finished responses and resumes streamed bodies, again while that work
    /// queues more (a response lets a pipelined request start), a few rounds at most so sockets are not starved.
    private func drainMailbox() {
        for _ in 0..<4 {
            let stopRequested = mailbox.take(into: &work)
            if stopRequested && !stopping { beginStopping() }
            if work.isEmpty { return }
            let executor = mailbox.asUnownedTaskExecutor()
            for socket in work.accepted { adopt(socket) }
            for job in work.jobs { job.runSynchronously(on: executor) }
            for resume in work.resumes { resumeStreamedBody(resume) }
            for completion in work.completions { finish(completion) }
            work.jobs.removeAll(keepingCapacity: true)
            work.resumes.removeAll(keepingCapacity: true)
            work.completions.removeAll(keepingCapacity: true)
            work.accepted.removeAll(keepingCapacity: true)
        }
    }

    private func finish(_ completion: Completion) {
        guard let connection = connections[completion.fd], connection.id == completion.connectionID,
              !connection.isClosed else { return }
        connection.inFlight = false
        if connection.bodyStream != nil {
            // Answered before its body was all here: the rest is discarded as the connection closes.
            endStreamedBody(connection, .failure(.connectionClosed))
            connection.closeAfterWrite = true
        }
        if !completion.keepAlive || stopping { connection.closeAfterWrite = true }
        write(connection, completion.wire.head, completion.wire.body)
        resumeRequests(connection)
    }

    // MARK: Timeouts and shutdown

    private func sweep() {
        let headerTimeout = context.configuration.headerTimeout.nanoseconds
        let idleTimeout = context.configuration.idleTimeout.nanoseconds
        let writeTimeout = context.configuration.writeTimeout.nanoseconds
        for connection in Array(connections.values) {
            if let since = connection.lingeringSince {
                if now - since > Self.lingerLimit { closeConnection(connection) }
            } else if connection.hasPendingOutput {
                // Even with a request in flight: its answer would only join output the client is not taking.
                if now - connection.outputMovedAt > writeTimeout { resetConnection(connection) }
            } else if connection.bodyStream != nil && !connection.bodyHeld {
                // A streamed body counts as the request arriving: the client must keep sending.
                if now - connection.lastActivity > headerTimeout {
                    endStreamedBody(connection, .failure(.timedOut))
                    connection.closeAfterWrite = true
                }
            } else if connection.inFlight {
                continue
            } else if let started = connection.requestStartedAt {
                if now - started > headerTimeout { respondAndClose(connection, .requestTimeout) }
            } else if stopping || now - connection.lastActivity > idleTimeout {
                closeConnection(connection)
            }
        }
    }

    private func beginStopping() {
        stopping = true
        stopDeadline = now + context.configuration.shutdownTimeout.nanoseconds
        epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, nil)
        for connection in Array(connections.values) where !connection.inFlight && !connection.hasPendingOutput {
            closeConnection(connection)
        }
    }
}
