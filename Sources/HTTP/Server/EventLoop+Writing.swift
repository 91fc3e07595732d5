import CEpoll
import Glibc

/// Sending responses and closing connections, always on the loop's own thread.
extension EventLoop {
    /// Sends `head` then `body` (one `sendmsg` in the usual case); what the socket does not take waits in the
    /// connection's pending output, behind anything already waiting there.
    func write(_ connection: Connection, _ head: [UInt8], _ body: [UInt8] = []) {
        if connection.hasPendingOutput {
            // Drop what was sent once it is at least half the buffer: a client that reads slowly but never
            // quite catches up must not grow it by everything ever sent. Each byte moves once on average.
            if connection.pendingOffset >= connection.pendingOutputCount {
                connection.pendingOutput.removeFirst(connection.pendingOffset)
                connection.pendingOffset = 0
            }
            connection.pendingOutput.append(contentsOf: head)
            connection.pendingOutput.append(contentsOf: body)
            holdIfBehind(connection)
            return
        }
        let total = head.count + body.count
        var sent = 0
        while sent < total {
            let count = Self.sendParts(connection.fd, head, body, from: sent)
            if count > 0 {
                sent += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var rest: [UInt8] = []
                rest.reserveCapacity(total - sent)
                if sent < head.count { rest.append(contentsOf: head[sent...]) }
                rest.append(contentsOf: body[max(0, sent - head.count)...])
                connection.pendingOutput = rest
                connection.pendingOffset = 0
                connection.outputMovedAt = now
                holdIfBehind(connection)
                return
            } else {
                closeConnection(connection)
                return
            }
        }
        outputDrained(connection)
    }

    /// One `sendmsg` of what is left of `head` and `body` after their first `offset` bytes.
    private static func sendParts(_ fd: Int32, _ head: [UInt8], _ body: [UInt8], from offset: Int) -> Int {
        head.withUnsafeBytes { headBytes in
            body.withUnsafeBytes { bodyBytes in
                let headStart = min(offset, headBytes.count), bodyStart = min(max(0, offset - headBytes.count), bodyBytes.count)
                var vectors = (iovec(iov_base: UnsafeMutableRawPointer(mutating: headBytes.baseAddress.map { $0 + headStart }),
                                     iov_len: headBytes.count - headStart),
                               iovec(iov_base: UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress.map { $0 + bodyStart }),
                                     iov_len: bodyBytes.count - bodyStart))
                return withUnsafeMutableBytes(of: &vectors) { raw in
                    var message = msghdr()
                    message.msg_iov = raw.baseAddress?.assumingMemoryBound(to: iovec.self)
                    message.msg_iovlen = 2
                    return Glibc.sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                }
            }
        }
    }

    func flush(_ connection: Connection) {
        while connection.hasPendingOutput {
            let offset = connection.pendingOffset
            let count = connection.pendingOutput.withUnsafeBytes { raw in
                send(connection.fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                connection.pendingOffset += count
                connection.lastActivity = now
                connection.outputMovedAt = now
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                closeConnection(connection)
                return
            }
        }
        if !connection.hasPendingOutput {
            connection.pendingOutput = []
            connection.pendingOffset = 0
            outputDrained(connection)
        }
        if connection.heldForOutput && connection.pendingOutputCount <= context.configuration.maxPendingOutputBytes {
            setHeldForOutput(connection, false)
            resumeRequests(connection)
        }
    }

    /// Holds the connection's further requests while its client leaves more than the bound unread.
    private func holdIfBehind(_ connection: Connection) {
        if connection.pendingOutputCount > context.configuration.maxPendingOutputBytes {
            setHeldForOutput(connection, true)
        }
    }

    private func setHeldForOutput(_ connection: Connection, _ held: Bool) {
        guard connection.heldForOutput != held else { return }
        connection.heldForOutput = held
        context.connectionsHeldForOutput.add(held ? 1 : -1, ordering: .relaxed)
    }

    /// Goes on with the requests buffered behind an answer or a hold: parses the next one, and reads the socket
    /// again if reading stopped on a full buffer.
    func resumeRequests(_ connection: Connection) {
        guard !connection.isClosed else { return }
        process(connection)
        if connection.readPaused && !connection.isClosed && connection.mayParse { read(connection) }
    }

    func outputDrained(_ connection: Connection) {
        connection.lastActivity = now
        if connection.closeAfterWrite {
            beginLingering(connection)
        }
    }

    func finishAfterWrite(_ connection: Connection) {
        connection.closeAfterWrite = true
        if !connection.hasPendingOutput && !connection.inFlight { beginLingering(connection) }
    }

    /// Answers an error found before any handler ran (see `ServerConfiguration.protocolErrorResponder`) and
    /// closes once it is sent.
    func respondAndClose(_ connection: Connection, _ status: HTTPStatus) {
        var response = context.configuration.protocolErrorResponder(status)
        // The responder shapes the content only: the status the parser chose is what the client must see.
        response.status = status
        connection.closeAfterWrite = true
        let wire = ResponseSerializer.serialize(response, headOnly: false, keepAlive: false, dateLine: context.dates.line())
        write(connection, wire.head, wire.body)
    }

    func beginLingering(_ connection: Connection) {
        guard !connection.isClosed, connection.lingeringSince == nil else { return }
        if connection.peerClosed {
            closeConnection(connection)
            return
        }
        Glibc.shutdown(connection.fd, Int32(SHUT_WR))
        connection.lingeringSince = now
        discardInput(connection)
    }

    /// Closes with a reset (SO_LINGER 0) instead of a FIN: for a client that takes none of its output, whose
    /// FIN would wait behind it in the kernel, holding the socket buffer for minutes.
    func resetConnection(_ connection: Connection) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        closeConnection(connection)
    }

    func closeConnection(_ connection: Connection) {
        guard !connection.isClosed else { return }
        endStreamedBody(connection, .failure(.connectionClosed))
        setHeldForOutput(connection, false)
        connection.isClosed = true
        connections[connection.fd] = nil
        close(connection.fd)
        context.openConnections.subtract(1, ordering: .relaxed)
        resumeAcceptingIfRoom()
    }
}
