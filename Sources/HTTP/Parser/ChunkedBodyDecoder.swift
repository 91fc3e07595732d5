/// Decodes a `Transfer-Encoding: chunked` body (RFC 9112 §7.1) incrementally, strictly: hex sizes only,
/// CRLF after every size and every chunk, extensions checked for syntax and skipped, trailers read (each a `name: value` field) and
/// dropped, limits enforced.
struct ChunkedBodyDecoder {
    enum Result {
        case needMore
        case done
        case failure(HTTPStatus)
    }

    private enum State {
        case size(sawDigit: Bool, value: Int)
        case extensions(ChunkExtensionSyntax)
        case sizeLF
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerName
        case trailerValue
        case trailerLF(emptyLine: Bool)
    }

    private let maxBodyBytes: Int
    private let maxTrailerBytes: Int
    private var state = State.size(sawDigit: false, value: 0)
    private var lastChunk = false
    private var trailerBytes = 0

    init(maxBodyBytes: Int, maxTrailerBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, into body: inout [UInt8], consumed: inout Int) -> Result {
        var index = 0
        defer { consumed += index }
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .size(let sawDigit, let value):
                if let hex = ByteClass.hexValue(byte) {
                    // Fifteen significant hex digits already exceed any sane body; refuse before Int overflows.
                    // Leading zeros are legal (1*HEXDIG) and add nothing.
                    guard value < 1 << 56 else { return .failure(.contentTooLarge) }
                    state = .size(sawDigit: true, value: value << 4 | Int(hex))
                    index += 1
                    continue
                }
                guard sawDigit else { return .failure(.badRequest) }
                if body.count + value > maxBodyBytes { return .failure(.contentTooLarge) }
                lastChunk = value == 0
                pendingSize = value
                // The size line ends here or goes on with extensions up to its CR.
                guard continueSizeLine(ChunkExtensionSyntax(), byte) else { return .failure(.badRequest) }
            case .extensions(let syntax):
                guard continueSizeLine(syntax, byte) else { return .failure(.badRequest) }
            case .sizeLF:
                guard byte == 0x0A else { return .failure(.badRequest) }
                state = lastChunk ? .trailerLineStart : .data(remaining: pendingSize)
            case .data(let remaining):
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                state = take == remaining ? .dataCR : .data(remaining: remaining - take)
                continue
            case .dataCR:
                guard byte == 0x0D else { return .failure(.badRequest) }
                state = .dataLF
            case .dataLF:
                guard byte == 0x0A else { return .failure(.badRequest) }
                state = .size(sawDigit: false, value: 0)
            case .trailerLineStart:
                if byte == 0x0D {
                    state = .trailerLF(emptyLine: true)
                } else if ByteClass.isTokenChar(byte) {
                    state = .trailerName
                } else {
                    return .failure(.badRequest)
                }
            case .trailerName:
                // A trailer is a field line like a header (RFC 9112 §7.1.2): a token name, then the colon at once.
                if byte == UInt8(ascii: ":") {
                    state = .trailerValue
                } else if !ByteClass.isTokenChar(byte) {
                    return .failure(.badRequest)
                }
            case .trailerValue:
                if byte == 0x0D {
                    state = .trailerLF(emptyLine: false)
                } else if !ByteClass.isFieldValueChar(byte) {
                    return .failure(.badRequest)
                }
            case .trailerLF(let emptyLine):
                guard byte == 0x0A else { return .failure(.badRequest) }
                if emptyLine {
                    index += 1
                    return .done
                }
                state = .trailerLineStart
            }
            switch state {
            case .trailerName, .trailerValue:
                trailerBytes += 1
                if trailerBytes > maxTrailerBytes { return .failure(.requestHeaderFieldsTooLarge) }
            default:
                break
            }
            index += 1
        }
        return .needMore
    }

    private var pendingSize = 0

    /// Feeds one byte of a size line after the size; false when the extensions' syntax breaks.
    private mutating func continueSizeLine(_ syntax: ChunkExtensionSyntax, _ byte: UInt8) -> Bool {
        var syntax = syntax
        switch syntax.next(byte) {
        case .more: state = .extensions(syntax)
        case .end: state = .sizeLF
        case .invalid: return false
        }
        return true
    }
}
