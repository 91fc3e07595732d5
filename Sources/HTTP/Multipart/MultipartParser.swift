/// What a `MultipartParser` found in the bytes it was fed, in body order.
public enum MultipartEvent: Sendable, Equatable {
    /// A part begins; its content follows as `partData`, then `partEnded`.
    case partStarted(MultipartPartHead)
    /// The next bytes of the current part's content (never empty).
    case partData([UInt8])
    /// The current part's content is complete (its delimiter was seen).
    case partEnded
}

/// An incremental `multipart/form-data` parser (RFC 7578 over RFC 2046 §5.1.1): feed it the body in pieces of
/// any size, split anywhere, and it returns the parts' heads and content as they become certain. A part's
/// content is handed out as it arrives, holding back only the few bytes that could begin a delimiter, so a file
/// part is never buffered whole; a part's header block is held until complete, within `maxPartHeaderBytes`.
///
/// Strict where RFC 2046 is: a delimiter is `CRLF--boundary` at a line start (the very first may open the body),
/// followed only by transport padding (spaces, tabs) and CRLF, or by `--` (the close delimiter); anything else
/// after a boundary is an error, as are bare CR or LF in part headers. The preamble and the epilogue are
/// ignored. `finish()` at the end of the body refuses a body without the close delimiter. After an error the
/// parser must not be used again.
public struct MultipartParser: Sendable {
    private enum State {
        case preamble
        case afterDelimiter
        case headers
        case content
        case epilogue
    }

    private let delimiter: [UInt8]
    private let limits: MultipartLimits
    private var state = State.preamble
    // The body as if it began with CRLF, so a body that opens with `--boundary` matches the same delimiter.
    private var pending: [UInt8] = [0x0D, 0x0A]
    private var bodyBytes = 0
    private var parts = 0
    private var partBytes = 0
    private var partIsFile = false
    private var inPart = false

    /// A parser for the given boundary (the Content-Type's `boundary` parameter, without the leading dashes).
    public init(boundary: String, limits: MultipartLimits) throws(MultipartError) {
        guard Self.isValidBoundary(boundary) else { throw .notMultipart }
        delimiter = [0x0D, 0x0A, UInt8(ascii: "-"), UInt8(ascii: "-")] + Array(boundary.utf8)
        self.limits = limits
    }

    /// The boundary of a `multipart/form-data` Content-Type, or nil when the type is another one or the boundary
    /// is missing or breaks RFC 2046 §5.1.1 (1–70 of its `bchars`, not ending in a space).
    public static func boundary(fromContentType contentType: String) -> String? {
        guard let (type, parameters) = try? HeaderParameters.parse(Array(contentType.utf8)[...]),
              type == "multipart/form-data" else { return nil }
        let boundaries = parameters.filter { $0.name == "boundary" }
        guard boundaries.count == 1 else { return nil }
        let boundary = String(decoding: boundaries[0].value, as: UTF8.self)
        return isValidBoundary(boundary) ? boundary : nil
    }

    static func isValidBoundary(_ boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " ") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                true
            default:
                Array("'()+_,-./:=? ".utf8).contains(byte)
            }
        }
    }

    /// Parses the next piece of the body and returns what it completed.
    public mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(MultipartError) -> [MultipartEvent] {
        guard bytes.count <= limits.maxBodyBytes - bodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
        bodyBytes += bytes.count
        if case .epilogue = state { return [] }
        pending.append(contentsOf: bytes)
        var events: [MultipartEvent] = []
        var cursor = 0
        scanning: while true {
            switch state {
            case .preamble:
                if let at = find(from: cursor) {
                    cursor = at + delimiter.count
                    state = .afterDelimiter
                } else {
                    cursor = max(cursor, pending.count - (delimiter.count - 1))
                    break scanning
                }
            case .afterDelimiter:
                guard let next = try delimiterLineEnd(from: cursor) else { break scanning }
                if next.closes {
                    state = .epilogue
                    cursor = pending.count
                    break scanning
                }
                parts += 1
                guard parts <= limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
                cursor = next.end
                state = .headers
            case .headers:
                guard let (block, end) = try headerBlock(from: cursor) else { break scanning }
                let head = try MultipartPartHead.parse(pending[block])
                events.append(.partStarted(head))
                inPart = true
                partIsFile = head.isFile
                partBytes = 0
                cursor = end
                state = .content
            case .content:
                if let at = find(from: cursor) {
                    try emit(cursor..<at, into: &events)
                    events.append(.partEnded)
                    inPart = false
                    cursor = at + delimiter.count
                    state = .afterDelimiter
                } else {
                    // Hold back only what could be the start of a delimiter split across pieces.
                    let safe = pending.count - (delimiter.count - 1)
                    if safe > cursor {
                        try emit(cursor..<safe, into: &events)
                        cursor = safe
                    }
                    break scanning
                }
            case .epilogue:
                cursor = pending.count
                break scanning
            }
        }
        pending.removeFirst(cursor)
        return events
    }

    /// Declares the end of the body: refuses one that stopped before its close delimiter.
    public func finish() throws(MultipartError) {
        guard case .epilogue = state else { throw .missingFinalBoundary }
    }

    /// Whether the close delimiter has been read (the rest of the body is epilogue).
    public var isComplete: Bool {
        if case .epilogue = state { return true }
        return false
    }

    private mutating func emit(_ range: Range<Int>, into events: inout [MultipartEvent]) throws(MultipartError) {
        guard !range.isEmpty else { return }
        let limit = partIsFile ? limits.maxFileBytes : limits.maxFieldBytes
        guard range.count <= limit - partBytes else {
            throw partIsFile ? .fileTooLarge(limit: limit) : .fieldTooLarge(limit: limit)
        }
        partBytes += range.count
        events.append(.partData(Array(pending[range])))
    }

    /// After `--boundary`: `--` closes the body; otherwise transport padding then CRLF starts a part
    /// (RFC 2046 §5.1.1). Nil when more bytes are needed to tell.
    private func delimiterLineEnd(from start: Int) throws(MultipartError) -> (closes: Bool, end: Int)? {
        guard start < pending.count else { return nil }
        if pending[start] == UInt8(ascii: "-") {
            guard start + 1 < pending.count else { return nil }
            guard pending[start + 1] == UInt8(ascii: "-") else { throw .malformed("junk after a boundary") }
            return (true, start + 2)
        }
        var index = start
        while index < pending.count && (pending[index] == 0x20 || pending[index] == 0x09) {
            index += 1
            guard index - start <= limits.maxPartHeaderBytes else { throw .malformed("endless padding after a boundary") }
        }
        guard index < pending.count else { return nil }
        guard pending[index] == 0x0D else { throw .malformed("junk after a boundary") }
        guard index + 1 < pending.count else { return nil }
        guard pending[index + 1] == 0x0A else { throw .malformed("a bare CR after a boundary") }
        return (false, index + 2)
    }

    /// The header block's range (without the blank line) and where the content begins; nil while incomplete.
    private func headerBlock(from start: Int) throws(MultipartError) -> (Range<Int>, end: Int)? {
        let limit = limits.maxPartHeaderBytes
        if pending.count - start >= 2 && pending[start] == 0x0D && pending[start + 1] == 0x0A {
            return (start..<start, start + 2)
        }
        var index = start
        while index + 3 < pending.count {
            if pending[index] == 0x0D && pending[index + 1] == 0x0A && pending[index + 2] == 0x0D && pending[index + 3] == 0x0A {
                guard index - start <= limit else { throw .partHeadersTooLarge(limit: limit) }
                return (start..<index, index + 4)
            }
            index += 1
        }
        guard pending.count - start <= limit + 4 else { throw .partHeadersTooLarge(limit: limit) }
        return nil
    }

    /// The first delimiter at or after `start`. A delimiter holds one CR, at its start, so each candidate CR is
    /// compared at most once per byte of the delimiter and the scan stays linear.
    private func find(from start: Int) -> Int? {
        let count = delimiter.count
        return pending.withUnsafeBufferPointer { bytes -> Int? in
            var index = start
            while index + count <= bytes.count {
                if bytes[index] == 0x0D {
                    var matched = 1
                    while matched < count && bytes[index + matched] == delimiter[matched] { matched += 1 }
                    if matched == count { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
