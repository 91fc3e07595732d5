/// Request bodies handed to their handler as they arrive (`ServerConfiguration.streamedBodyLimit`), always on
/// the loop's own thread. The handler is dispatched with the head; the parser's body bytes go into the
/// request's `RequestBodyStream` after each parse, and parsing pauses while the stream holds too much unread.
extension EventLoop {
    /// Unread bytes a streamed body may hold before the loop stops reading its socket.
    static let streamedBodyCapacity = 256 * 1024

    func startStreamedBody(_ request: Request, keepAlive: Bool, on connection: Connection) {
        let mailbox = self.mailbox
        let resume = BodyResume(connectionID: connection.id, fd: connection.fd)
        let stream = RequestBodyStream(capacity: Self.streamedBodyCapacity) { mailbox.post(resume) }
        connection.bodyStream = stream
        connection.bodyHeld = false
        connection.inFlight = true
        connection.readingBody = true
        connection.requestStartedAt = now
        var request = request
        request.bodyStream = stream
        dispatch(request, keepAlive: keepAlive, on: connection)
    }

    /// Moves the bytes the parser decoded into the stream, holding the connection when the stream is full.
    func forwardStreamedBody(_ connection: Connection) {
        guard let stream = connection.bodyStream else { return }
        let bytes = connection.parser.takeStreamedBody()
        if stream.push(bytes) { connection.bodyHeld = true }
    }

    /// Ends the connection's streamed body, if it has one: complete, or failed with the reason its handler sees.
    func endStreamedBody(_ connection: Connection, _ result: Result<Void, RequestBodyError>) {
        guard let stream = connection.bodyStream else { return }
        stream.end(result)
        connection.bodyStream = nil
        connection.bodyHeld = false
        connection.readingBody = false
        connection.requestStartedAt = nil
    }

    /// The handler took enough of a held body: parse what is buffered, then read the socket again.
    func resumeStreamedBody(_ resume: BodyResume) {
        guard let connection = connections[resume.fd], connection.id == resume.connectionID, !connection.isClosed,
              connection.bodyStream != nil, connection.bodyHeld else { return }
        connection.bodyHeld = false
        connection.lastActivity = now
        process(connection)
        if connection.readPaused && !connection.isClosed && connection.mayParse { read(connection) }
    }
}
