/// One part's header block, as RFC 7578 §4 reads it: `Content-Disposition: form-data; name="…"` (required) with
/// an optional `filename`, and an optional `Content-Type`. Other part header fields are checked for syntax and
/// ignored (§4.8).
///
/// `filename` is what the sender wrote, decoded from its quoted-string (`\"` → `"`, `\\` → `\`, RFC 9110
/// §5.6.4); it is informative only and is never used to name or type a stored file. Browsers percent-encode `"`,
/// CR and LF in names instead (HTML's form encoding); those sequences are kept as sent, since a literal `%22`
/// in a name cannot be told apart. `filename*` (RFC 5987) is accepted for syntax and ignored: RFC 7578 §4.2 says
/// senders MUST NOT use it, so nothing depends on it.
public struct MultipartPartHead: Sendable, Equatable {
    /// The form field's name.
    public var name: String
    /// The file name the sender gave; nil for a plain field. An empty string is a file input left empty.
    public var filename: String?
    /// The Content-Type the sender declared; never trusted for what the content is.
    public var contentType: String?

    public init(name: String, filename: String? = nil, contentType: String? = nil) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// A part with a `filename` carries a file; its size counts against `maxFileBytes`.
    public var isFile: Bool { filename != nil }

    /// Parses a header block: CRLF-separated `name: value` lines, without the empty line that ends it.
    static func parse(_ block: ArraySlice<UInt8>) throws(MultipartError) -> MultipartPartHead {
        var disposition: (name: String, filename: String?)?
        var contentType: String?
        var lineStart = block.startIndex
        while lineStart < block.endIndex {
            var lineEnd = lineStart
            while lineEnd < block.endIndex && block[lineEnd] != 0x0D && block[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd < block.endIndex {
                // Only CRLF ends a line; a bare CR or LF inside a part header is refused (RFC 2046 §5.1.1, RFC 5322).
                guard block[lineEnd] == 0x0D, lineEnd + 1 < block.endIndex, block[lineEnd + 1] == 0x0A else {
                    throw .malformed("bare CR or LF in a part header")
                }
            }
            let line = block[lineStart..<lineEnd]
            lineStart = lineEnd < block.endIndex ? lineEnd + 2 : lineEnd
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw .malformed("a part header line without a field name")
            }
            let name = line[line.startIndex..<colon]
            guard name.allSatisfy(ByteClass.isTokenChar) else { throw .malformed("a part header name that is not a token") }
            var valueStart = colon + 1, valueEnd = line.endIndex
            while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            let value = line[valueStart..<valueEnd]
            guard value.allSatisfy(ByteClass.isFieldValueChar) else { throw .malformed("a control byte in a part header") }
            let lowered = String(decoding: name.map(ByteClass.lowercased), as: UTF8.self)
            switch lowered {
            case "content-disposition":
                guard disposition == nil else { throw .malformed("two Content-Disposition fields in one part") }
                disposition = try ContentDisposition.parseFormData(value)
            case "content-type":
                guard contentType == nil else { throw .malformed("two Content-Type fields in one part") }
                contentType = String(decoding: value, as: UTF8.self)
            case "content-transfer-encoding":
                // RFC 7578 §4.7: deprecated; an identity encoding changes nothing, any other would have us store
                // encoded text as if it were the file.
                let encoding = String(decoding: value.map(ByteClass.lowercased), as: UTF8.self)
                guard ["binary", "8bit", "7bit"].contains(encoding) else {
                    throw .malformed("Content-Transfer-Encoding \(encoding) is not supported")
                }
            default:
                break
            }
        }
        guard let disposition else { throw .malformed("a part without Content-Disposition") }
        return MultipartPartHead(name: disposition.name, filename: disposition.filename, contentType: contentType)
    }
}

/// `Content-Disposition: form-data; name="field"; filename="a.png"` (RFC 7578 §4.2 over RFC 6266 §4.1).
enum ContentDisposition {
    static func parseFormData(_ value: ArraySlice<UInt8>) throws(MultipartError) -> (name: String, filename: String?) {
        let (type, parameters) = try HeaderParameters.parse(value)
        guard type == "form-data" else { throw .malformed("a part's disposition is not form-data") }
        var name: String?
        var filename: String?
        var seen: Set<String> = []
        for parameter in parameters {
            guard seen.insert(parameter.name).inserted else { throw .malformed("two \(parameter.name) parameters") }
            switch parameter.name {
            case "name": name = String(decoding: parameter.value, as: UTF8.self)
            case "filename": filename = String(decoding: parameter.value, as: UTF8.self)
            default: break
            }
        }
        guard let name else { throw .malformed("a form-data part without a name") }
        return (name, filename)
    }
}

/// A field value made of a type and `;`-separated parameters whose values are tokens or quoted-strings:
/// `multipart/form-data; boundary=x` (RFC 9110 §5.6.6) and `form-data; name="a"` (RFC 6266 §4.1). No whitespace
/// around `=`; whitespace around `;` is allowed.
enum HeaderParameters {
    /// The type, lowercased, and each parameter's lowercased name with its decoded value, in order.
    static func parse(_ value: ArraySlice<UInt8>) throws(MultipartError) -> (type: String, parameters: [(name: String, value: [UInt8])]) {
        var index = value.startIndex
        skipWhitespace(value, &index)
        var type = Array(token(value, &index))
        if index < value.endIndex && value[index] == UInt8(ascii: "/") {
            index += 1
            let subtype = token(value, &index)
            guard !subtype.isEmpty else { throw .malformed("a media type without a subtype") }
            type += [UInt8(ascii: "/")] + subtype
        }
        guard !type.isEmpty else { throw .malformed("a field value without a type") }
        var parameters: [(name: String, value: [UInt8])] = []
        while true {
            skipWhitespace(value, &index)
            if index == value.endIndex { break }
            guard value[index] == UInt8(ascii: ";") else { throw .malformed("junk after a parameter") }
            index += 1
            skipWhitespace(value, &index)
            let name = token(value, &index)
            guard !name.isEmpty, index < value.endIndex, value[index] == UInt8(ascii: "=") else {
                throw .malformed("a parameter without a name or value")
            }
            index += 1
            let parsed: [UInt8]
            if index < value.endIndex && value[index] == UInt8(ascii: "\"") {
                parsed = try quotedString(value, &index)
            } else {
                parsed = Array(token(value, &index))
                guard !parsed.isEmpty else { throw .malformed("an empty parameter value") }
            }
            parameters.append((lowercase(name), parsed))
        }
        return (lowercase(type[...]), parameters)
    }

    private static func lowercase(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(ByteClass.lowercased), as: UTF8.self)
    }

    private static func token(_ value: ArraySlice<UInt8>, _ index: inout Int) -> ArraySlice<UInt8> {
        let start = index
        while index < value.endIndex && ByteClass.isTokenChar(value[index]) { index += 1 }
        return value[start..<index]
    }

    private static func skipWhitespace(_ value: ArraySlice<UInt8>, _ index: inout Int) {
        while index < value.endIndex && (value[index] == 0x20 || value[index] == 0x09) { index += 1 }
    }

    /// RFC 9110 §5.6.4: `"` *( qdtext / quoted-pair ) `"`, where a quoted-pair is `\` and the byte it stands for.
    private static func quotedString(_ value: ArraySlice<UInt8>, _ index: inout Int) throws(MultipartError) -> [UInt8] {
        index += 1
        var bytes: [UInt8] = []
        while index < value.endIndex {
            let byte = value[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return bytes }
            if byte == UInt8(ascii: "\\") {
                guard index < value.endIndex else { break }
                bytes.append(value[index])
                index += 1
            } else {
                bytes.append(byte)
            }
        }
        throw .malformed("an unterminated quoted-string")
    }
}
