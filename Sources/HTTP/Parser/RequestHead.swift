/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case contentLength(Int)
    case chunked
}

/// A complete request head (request line and fields), validated and turned into a `Request`.
struct RequestHead {
    enum Outcome {
        case success(RequestHead)
        case failure(HTTPStatus)
    }

    var request: Request
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool

    /// Parses a head whose lines are known to end in CRLF and which ends with the empty line.
    static func parse(_ head: UnsafeBufferPointer<UInt8>, remoteAddress: String) -> Outcome {
        // The scanner guaranteed every LF follows a CR; a lone CR elsewhere is caught as a bad byte below.
        var lineEnd = 0
        while head[lineEnd + 1] != 0x0A { lineEnd += 1 }
        guard let line = RequestLine.parse(UnsafeBufferPointer(rebasing: head[0..<lineEnd])) else {
            return .failure(.badRequest)
        }
        if line.version.major != 1 { return .failure(.httpVersionNotSupported) }

        var headers = HTTPHeaders()
        var contentLength: Int?
        var transferEncodings: [String] = []
        var hostCount = 0
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false

        var start = lineEnd + 2
        while true {
            var end = start
            while head[end + 1] != 0x0A { end += 1 }
            if end == start { break }
            let field = UnsafeBufferPointer(rebasing: head[start..<end])
            start = end + 2
            guard let colon = field.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return .failure(.badRequest) }
            let name = UnsafeBufferPointer(rebasing: field[0..<colon])
            // Non-token names cover whitespace before the colon, obs-fold lines and non-ASCII (RFC 9112 §5.1-5.2).
            for byte in name where !ByteClass.isTokenChar(byte) { return .failure(.badRequest) }
            var valueStart = colon + 1, valueEnd = field.count
            while valueStart < valueEnd, field[valueStart] == 0x20 || field[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, field[valueEnd - 1] == 0x20 || field[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            let value = UnsafeBufferPointer(rebasing: field[valueStart..<valueEnd])
            for byte in value where !ByteClass.isFieldValueChar(byte) { return .failure(.badRequest) }

            let valueString = String(decoding: value, as: UTF8.self)
            if ByteClass.equalsLowercase(name, "content-length") {
                // A list of identical lengths is allowed (RFC 9112 §6.3 item 5); anything else is ambiguous.
                for part in valueString.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let length = parseContentLength(part), contentLength == nil || contentLength == length else {
                        return .failure(.badRequest)
                    }
                    contentLength = length
                }
            } else if ByteClass.equalsLowercase(name, "transfer-encoding") {
                for part in valueString.split(separator: ",") {
                    let coding = part.trimmingSpaces().lowercased()
                    if !coding.isEmpty { transferEncodings.append(coding) }
                }
            } else if ByteClass.equalsLowercase(name, "host") {
                // RFC 9110 §7.2: Host = uri-host [ ":" port ]; anything else names no host we could agree on.
                guard Authority.isValid(value, emptyHostAllowed: true) else { return .failure(.badRequest) }
                hostCount += 1
            } else if ByteClass.equalsLowercase(name, "connection") {
                for part in valueString.split(separator: ",") {
                    let option = part.trimmingSpaces().lowercased()
                    if option == "close" { connectionClose = true }
                    if option == "keep-alive" { connectionKeepAlive = true }
                }
            } else if ByteClass.equalsLowercase(name, "expect") {
                guard valueString.equalsIgnoringASCIICase("100-continue") else { return .failure(.badRequest) }
                expectsContinue = true
            }
            headers.add(knownName(name) ?? String(decoding: name, as: UTF8.self), valueString)
        }

        // RFC 9112 §3.2: exactly one Host in HTTP/1.1.
        if line.version.minor >= 1 && hostCount != 1 || hostCount > 1 { return .failure(.badRequest) }

        var framing = BodyFraming.none
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1: TE in HTTP/1.0, or TE with Content-Length, is a smuggling attempt; chunked must be last.
            if contentLength != nil || line.version.minor == 0 { return .failure(.badRequest) }
            guard transferEncodings.last == "chunked", transferEncodings.filter({ $0 == "chunked" }).count == 1 else {
                return .failure(.badRequest)
            }
            if transferEncodings.count > 1 { return .failure(.notImplemented) }
            framing = .chunked
        } else if let contentLength {
            framing = .contentLength(contentLength)
        }

        // RFC 9112 §3.2.2: with an absolute-form target the Host field is ignored for the target's authority.
        if let authority = line.authority { headers.set("Host", authority) }

        let keepAlive = line.version.minor == 0 ? (connectionKeepAlive && !connectionClose) : !connectionClose
        let request = Request(
            method: line.method, target: line.target, path: line.path, rawQuery: line.rawQuery,
            version: line.version, headers: headers, remoteAddress: remoteAddress)
        return .success(RequestHead(
            request: request, framing: framing, keepAlive: keepAlive,
            expectsContinue: expectsContinue && line.version.minor >= 1 && framing != .none))
    }

    private static func parseContentLength(_ text: Substring) -> Int? {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        var value = 0, significantDigits = 0
        for byte in trimmed.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            // Leading zeros are legal (1*DIGIT) and add nothing; 18 significant digits cannot overflow an Int.
            if value == 0 && byte == UInt8(ascii: "0") { continue }
            significantDigits += 1
            guard significantDigits <= 18 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Common field names as static strings, so the usual request costs no allocation per name.
    private static func knownName(_ name: UnsafeBufferPointer<UInt8>) -> String? {
        switch name.count {
        case 4 where ByteClass.equalsLowercase(name, "host"): return "Host"
        case 6 where ByteClass.equalsLowercase(name, "accept"): return "Accept"
        case 6 where ByteClass.equalsLowercase(name, "cookie"): return "Cookie"
        case 10 where ByteClass.equalsLowercase(name, "user-agent"): return "User-Agent"
        case 10 where ByteClass.equalsLowercase(name, "connection"): return "Connection"
        case 12 where ByteClass.equalsLowercase(name, "content-type"): return "Content-Type"
        case 14 where ByteClass.equalsLowercase(name, "content-length"): return "Content-Length"
        default: return nil
        }
    }
}

/// The first line of a request: method, target and version (RFC 9112 §3). The target is kept in origin-form
/// (`/path?query`); an absolute-form target's authority is kept apart.
struct RequestLine {
    var method: HTTPMethod
    var target: String
    var path: String
    var rawQuery: String
    var version: HTTPVersion
    /// The authority of an absolute-form target (`h:8080` in `http://h:8080/a`), which replaces the Host field.
    var authority: String?

    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> RequestLine? {
        guard let firstSpace = line.firstIndex(of: 0x20), firstSpace > 0 else { return nil }
        let methodBytes = UnsafeBufferPointer(rebasing: line[0..<firstSpace])
        for byte in methodBytes where !ByteClass.isTokenChar(byte) { return nil }
        let rest = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)...])
        guard let secondSpace = rest.firstIndex(of: 0x20), secondSpace > 0 else { return nil }
        let targetBytes = UnsafeBufferPointer(rebasing: rest[0..<secondSpace])
        let versionBytes = UnsafeBufferPointer(rebasing: rest[(secondSpace + 1)...])
        // Visible ASCII only: spaces, controls and raw UTF-8 must be percent-encoded in a target.
        for byte in targetBytes where byte <= 0x20 || byte >= 0x7F { return nil }
        guard let version = parseVersion(versionBytes) else { return nil }
        let method = knownMethod(methodBytes) ?? HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))

        if targetBytes.first == UInt8(ascii: "*") {
            guard targetBytes.count == 1, method == .OPTIONS else { return nil }
            return RequestLine(method: method, target: "*", path: "*", rawQuery: "", version: version)
        }
        var pathBytes = targetBytes
        var authority: String?
        if targetBytes.first != UInt8(ascii: "/") {
            // absolute-form (RFC 9112 §3.2.2): servers must accept it and take the authority from it. What is left
            // is the origin-form, so handlers see `/a` whichever form the client used.
            guard let schemeEnd = indexOf("://", in: targetBytes),
                  isHTTPScheme(UnsafeBufferPointer(rebasing: targetBytes[0..<schemeEnd])) else { return nil }
            let afterScheme = schemeEnd + 3
            let authorityEnd = targetBytes[afterScheme...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
                ?? targetBytes.count
            let authorityBytes = UnsafeBufferPointer(rebasing: targetBytes[afterScheme..<authorityEnd])
            guard Authority.isValid(authorityBytes, emptyHostAllowed: false) else { return nil }
            authority = String(decoding: authorityBytes, as: UTF8.self)
            pathBytes = UnsafeBufferPointer(rebasing: targetBytes[authorityEnd...])
        }
        // An absolute-form target with no path (`http://h` or `http://h?q`) asks for `/` (RFC 9112 §3.2.2).
        let target = pathBytes.first == UInt8(ascii: "/") ? String(decoding: pathBytes, as: UTF8.self)
            : "/" + String(decoding: pathBytes, as: UTF8.self)
        var rawQuery = ""
        var pathOnly = pathBytes
        if let question = pathBytes.firstIndex(of: UInt8(ascii: "?")) {
            rawQuery = String(decoding: UnsafeBufferPointer(rebasing: pathBytes[(question + 1)...]), as: UTF8.self)
            pathOnly = UnsafeBufferPointer(rebasing: pathBytes[0..<question])
        }
        if let fragment = pathOnly.firstIndex(of: UInt8(ascii: "#")) {
            pathOnly = UnsafeBufferPointer(rebasing: pathOnly[0..<fragment])
        }
        let path: String
        if pathOnly.isEmpty {
            path = "/"
        } else if pathOnly.contains(UInt8(ascii: "%")) {
            guard let decoded = PercentDecoding.decodeString(pathOnly, plusAsSpace: false) else { return nil }
            path = decoded
        } else if pathOnly.count == pathBytes.count {
            path = target
        } else {
            path = String(decoding: pathOnly, as: UTF8.self)
        }
        return RequestLine(method: method, target: target, path: path, rawQuery: rawQuery, version: version,
                           authority: authority)
    }

    /// `http` or `https` in any case: the schemes an HTTP server answers for (RFC 9110 §4.2).
    private static func isHTTPScheme(_ scheme: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteClass.equalsLowercase(scheme, "http") || ByteClass.equalsLowercase(scheme, "https")
    }

    private static func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPVersion? {
        guard bytes.count == 8,
              bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "T"), bytes[2] == UInt8(ascii: "T"),
              bytes[3] == UInt8(ascii: "P"), bytes[4] == UInt8(ascii: "/"), bytes[6] == UInt8(ascii: "."),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[5]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[7])
        else { return nil }
        let major = Int(bytes[5] - UInt8(ascii: "0")), minor = Int(bytes[7] - UInt8(ascii: "0"))
        if major == 1 && minor == 1 { return .http11 }
        if major == 1 && minor == 0 { return .http10 }
        // RFC 9110 §6.2: a later 1.x minor is answered as 1.1.
        return HTTPVersion(major: major, minor: major == 1 ? 1 : minor)
    }

    private static func knownMethod(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPMethod? {
        func equals(_ name: StaticString) -> Bool {
            guard bytes.count == name.utf8CodeUnitCount else { return false }
            let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
            return bytes.elementsEqual(expected)
        }
        if equals("GET") { return .GET }
        if equals("POST") { return .POST }
        if equals("HEAD") { return .HEAD }
        if equals("PUT") { return .PUT }
        if equals("DELETE") { return .DELETE }
        if equals("PATCH") { return .PATCH }
        if equals("OPTIONS") { return .OPTIONS }
        return nil
    }

    private static func indexOf(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let expected = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard bytes.count >= expected.count else { return nil }
        for start in 0...(bytes.count - expected.count)
        where bytes[start..<(start + expected.count)].elementsEqual(expected) {
            return start
        }
        return nil
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing spaces and tabs (HTTP's OWS).
    func trimmingSpaces() -> Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
