/// One client socket and everything its event loop knows about it. Confined to the owning loop's thread.
final class Connection {
    let fd: Int32
    let id: UInt64
    let remoteAddress: String
    var input: ReadBuffer
    var parser: RequestParser
    /// Bytes accepted for sending that the socket did not take yet.
    var pendingOutput: [UInt8] = []
    var pendingOffset = 0
    /// When `pendingOutput` last moved: it began waiting, or the socket took some of it. The write timeout
    /// counts from here.
    var outputMovedAt: UInt64 = 0
    /// A handler task is answering a request from this connection; later requests wait in `input`.
    var inFlight = false
    /// The client leaves more than `maxPendingOutputBytes` of answers unread: later requests wait in `input`
    /// (and then in the socket) until it reads, so a client that never reads cannot make the server buffer
    /// answer after answer (write back-pressure).
    var heldForOutput = false
    /// Reading stopped because `input` is full while requests wait (`holdsRequests`).
    var readPaused = false
    /// The peer sent FIN; answer what is buffered, then close.
    var peerClosed = false
    /// Close once `pendingOutput` is sent (an error, `Connection: close`, or shutdown).
    var closeAfterWrite = false
    /// Our side is shut for writing and unread input is being discarded before close, so the peer sees the
    /// last response instead of a reset.
    var lingeringSince: UInt64?
    /// When the current request (head, then body) started arriving; nil between requests.
    var requestStartedAt: UInt64?
    var readingBody = false
    /// The body of the request in flight, while the loop is still receiving it for a handler that streams it.
    var bodyStream: RequestBodyStream?
    /// `bodyStream` holds more unread bytes than it should: stop parsing (and then reading) until its handler
    /// has taken some and the loop gets a resume through its mailbox (read back-pressure).
    var bodyHeld = false
    var lastActivity: UInt64
    var isClosed = false

    init(fd: Int32, id: UInt64, remoteAddress: String, limits: ParserLimits, now: UInt64) {
        self.fd = fd
        self.id = id
        self.remoteAddress = remoteAddress
        input = ReadBuffer(initialCapacity: 4096,
                           maxCapacity: max(65536, limits.maxRequestLineBytes + limits.maxHeaderBytes + 4096))
        parser = RequestParser(limits: limits, remoteAddress: remoteAddress)
        lastActivity = now
    }

    var hasPendingOutput: Bool { pendingOffset < pendingOutput.count }
    var pendingOutputCount: Int { pendingOutput.count - pendingOffset }

    /// Whether the next buffered request must wait: one is being answered, the client is behind on reading
    /// answers, or the connection closes once its output is sent.
    var holdsRequests: Bool { inFlight || heldForOutput || closeAfterWrite }

    /// Whether buffered input may be parsed now: a streamed body flows to its handler unless it is held; anything
    /// else waits while `holdsRequests`.
    var mayParse: Bool { bodyStream != nil ? !bodyHeld : !holdsRequests }

    /// Open with nothing under way: no request arriving or being answered, nothing to send, not closing.
    /// Closing it loses nothing the client has said; a keep-alive client simply connects again.
    var isIdle: Bool {
        !isClosed && !inFlight && requestStartedAt == nil && input.isEmpty && !hasPendingOutput
            && !closeAfterWrite && lingeringSince == nil
    }
}
