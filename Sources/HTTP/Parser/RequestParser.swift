/// What the parser learned from the bytes it was given.
enum ParseEvent {
    /// The buffered bytes end mid-request; read more.
    case needMore
    /// The head asked for `Expect: 100-continue` and the body is still to come: send the interim answer.
    case expectContinue
    /// A complete request; `keepAlive` says whether the connection may carry another one.
    case request(Request, keepAlive: Bool)
    /// The bytes break RFC 9112 or a limit: answer with this status and close the connection.
    case failure(HTTPStatus)
    /// The head of a request whose body streams (`ParserLimits.streamedBodyLimit`): dispatch it now; its body
    /// follows through `takeStreamedBody()` until `.streamedBodyEnd`.
    case streamedHead(Request, keepAlive: Bool, expectsContinue: Bool)
    /// The streamed body is complete (its last bytes are in `takeStreamedBody()`).
    case streamedBodyEnd
}

/// An incremental HTTP/1.1 request parser (RFC 9112) that refuses what the RFC forbids instead of guessing:
/// bare CR or LF, whitespace before a colon, obs-fold, non-token names, control bytes in values, conflicting
/// or malformed Content-Length, Content-Length with Transfer-Encoding, and unknown transfer codings.
///
/// Feed it the unconsumed bytes of a connection; it reports how many it consumed. It keeps its place between
/// calls, so a head that arrives one byte at a time is scanned once. After `.failure` the parser must not be
/// used again (the connection closes).
struct RequestParser {
    private enum State {
        case head
        case body(remaining: Int)
        case chunked(ChunkedBodyDecoder)
    }

    private let limits: ParserLimits
    private let remoteAddress: String
    private var state = State.head
    // Scan position within the head, relative to the first unconsumed byte (nothing is consumed mid-head).
    private var scanned = 0
    private var lineStart = 0
    private var requestLineEnd = 0
    private var inRequestLine = true
    private var headerCount = 0
    private var pending: Request?
    private var pendingKeepAlive = true
    private var pendingExpectsContinue = false
    private var body: [UInt8] = []
    private var streaming = false
    private var streamEnded = false

    init(limits: ParserLimits, remoteAddress: String) {
        self.limits = limits
        self.remoteAddress = remoteAddress
    }

    /// True while part of a request has been read but not all of it.
    var isMidRequest: Bool {
        if case .head = state { return scanned > 0 }
        return true
    }

    /// True once the head is complete and the body is being read.
    var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, consumed: inout Int) -> ParseEvent {
        consumed = 0
        switch state {
        case .head:
            return parseHead(bytes, consumed: &consumed)
        case .body, .chunked:
            return parseBody(bytes, consumed: &consumed)
        }
    }

    // MARK: Head

    private mutating func parseHead(_ bytes: UnsafeBufferPointer<UInt8>, consumed: inout Int) -> ParseEvent {
        // RFC 9112 §2.2: a server SHOULD ignore empty lines received before the request line.
        if scanned == 0 {
            var skip = 0
            while skip + 1 < bytes.count, bytes[skip] == 0x0D, bytes[skip + 1] == 0x0A { skip += 2 }
            if skip > 0 {
                var rest = 0
                let event = parseHead(UnsafeBufferPointer(rebasing: bytes[skip...]), consumed: &rest)
                consumed = skip + rest
                return event
            }
        }
        var index = scanned
        while index < bytes.count {
            if bytes[index] == 0x0A {
                // Bare LF is a line-ending game (RFC 9112 §2.2); only CRLF ends a line here.
                guard index > lineStart, bytes[index - 1] == 0x0D else { return .failure(.badRequest) }
                let lineLength = index - 1 - lineStart
                if inRequestLine {
                    if lineLength > limits.maxRequestLineBytes { return .failure(.uriTooLong) }
                    inRequestLine = false
                    requestLineEnd = index + 1
                } else if lineLength == 0 {
                    let headEnd = index + 1
                    resetHeadScan()
                    consumed = headEnd
                    let event = finishHead(UnsafeBufferPointer(rebasing: bytes[0..<headEnd]))
                    guard case .needMore = event else { return event }
                    // The body follows; parse what is already here.
                    var bodyConsumed = 0
                    let bodyEvent = parseBody(UnsafeBufferPointer(rebasing: bytes[headEnd...]), consumed: &bodyConsumed)
                    consumed += bodyConsumed
                    if case .needMore = bodyEvent, pendingExpectsContinue {
                        pendingExpectsContinue = false
                        return .expectContinue
                    }
                    return bodyEvent
                } else {
                    headerCount += 1
                    if headerCount > limits.maxHeaderCount { return .failure(.requestHeaderFieldsTooLarge) }
                }
                lineStart = index + 1
            }
            index += 1
            if inRequestLine {
                if index - lineStart > limits.maxRequestLineBytes + 2 { return .failure(.uriTooLong) }
            } else if index - requestLineEnd > limits.maxHeaderBytes + 2 {
                return .failure(.requestHeaderFieldsTooLarge)
            }
        }
        scanned = index
        return .needMore
    }

    private mutating func resetHeadScan() {
        scanned = 0
        lineStart = 0
        inRequestLine = true
        headerCount = 0
        requestLineEnd = 0
    }

    static let initialBodyReservation = 64 * 1024

    /// The body bytes decoded since the last call, while a streamed body is being read.
    mutating func takeStreamedBody() -> [UInt8] {
        guard streaming || streamEnded else { return [] }
        streamEnded = false
        defer { body = [] }
        return body
    }

    private mutating func finishHead(_ head: UnsafeBufferPointer<UInt8>) -> ParseEvent {
        switch RequestHead.parse(head, remoteAddress: remoteAddress) {
        case .failure(let status):
            return .failure(status)
        case .success(let parsed):
            pendingKeepAlive = parsed.keepAlive
            pendingExpectsContinue = parsed.expectsContinue
            body = []
            let streamedLimit = parsed.framing == .none ? nil : limits.streamedBodyLimit?(parsed.request)
            let bodyLimit = streamedLimit ?? limits.maxBodyBytes
            switch parsed.framing {
            case .none:
                return .request(parsed.request, keepAlive: parsed.keepAlive)
            case .contentLength(let length):
                if length > bodyLimit { return .failure(.contentTooLarge) }
                if length == 0 { return .request(parsed.request, keepAlive: parsed.keepAlive) }
                // Reserve for what is likely to come, not for what the client claims: headers alone must not
                // make the server set aside a megabyte per connection.
                body.reserveCapacity(min(length, Self.initialBodyReservation))
                state = .body(remaining: length)
            case .chunked:
                state = .chunked(ChunkedBodyDecoder(maxBodyBytes: bodyLimit, maxTrailerBytes: limits.maxHeaderBytes))
            }
            if streamedLimit != nil {
                streaming = true
                pendingExpectsContinue = false
                return .streamedHead(parsed.request, keepAlive: parsed.keepAlive, expectsContinue: parsed.expectsContinue)
            }
            pending = parsed.request
            return .needMore
        }
    }

    // MARK: Body

    private mutating func parseBody(_ bytes: UnsafeBufferPointer<UInt8>, consumed: inout Int) -> ParseEvent {
        switch state {
        case .head:
            return .needMore
        case .body(let remaining):
            let take = min(remaining, bytes.count)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<take]))
            consumed += take
            if take < remaining {
                state = .body(remaining: remaining - take)
                return .needMore
            }
            return completeBody()
        case .chunked(var decoder):
            let result = decoder.decode(bytes, into: &body, consumed: &consumed)
            state = .chunked(decoder)
            switch result {
            case .needMore: return .needMore
            case .failure(let status): return .failure(status)
            case .done: return completeBody()
            }
        }
    }

    private mutating func completeBody() -> ParseEvent {
        state = .head
        if streaming {
            // The loop takes the last bytes with `takeStreamedBody()` before the next request is parsed.
            streaming = false
            streamEnded = true
            return .streamedBodyEnd
        }
        guard var request = pending else { return .failure(.internalServerError) }
        pending = nil
        request.body = body
        body = []
        return .request(request, keepAlive: pendingKeepAlive)
    }
}
