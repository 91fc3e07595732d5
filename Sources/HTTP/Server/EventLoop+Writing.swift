import CEpoll
import Glibc

/// Sending responses and closing connections, always on the loop's own thread.
extension EventLoop {
    func write(_ connection: Connection, _ bytes: [UInt8]) {
        if connection.hasPendingOutput {
            connection.pendingOutput.append(contentsOf: bytes)
            return
        }
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                send(connection.fd, raw.baseAddress.map { $0 + sent }, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                connection.pendingOutput = Array(bytes[sent...])
                connection.pendingOffset = 0
                return
            } else {
                closeConnection(connection)
                return
            }
        }
        outputDrained(connection)
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
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                closeConnection(connection)
                return
            }
        }
        connection.pendingOutput = []
        connection.pendingOffset = 0
        outputDrained(connection)
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
        write(connection, ResponseSerializer.serialize(response, headOnly: false, keepAlive: false,
                                                       dateLine: context.dates.line()))
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

    func closeConnection(_ connection: Connection) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        connections[connection.fd] = nil
        close(connection.fd)
        context.openConnections.subtract(1, ordering: .relaxed)
        resumeAcceptingIfRoom()
    }
}
