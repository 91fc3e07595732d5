/// The sizes a request may reach before the parser refuses it, each with the status RFC 9110 names.
struct ParserLimits: Sendable {
    /// Longest request line (method, target, version) before `414 URI Too Long`.
    var maxRequestLineBytes: Int
    /// Most bytes of header fields (and of chunked trailers) before `431`.
    var maxHeaderBytes: Int
    /// Most header fields before `431`.
    var maxHeaderCount: Int
    /// Largest body, declared or decoded from chunks, before `413 Content Too Large`.
    var maxBodyBytes: Int
    /// For a request whose route streams its body, that body's own limit (see
    /// `ServerConfiguration.streamedBodyLimit`); nil answers for every request that is read whole.
    var streamedBodyLimit: (@Sendable (Request) -> Int?)? = nil
}

/// Byte classes from RFC 9110 §5.6.2 (tokens) and §5.5 (field values).
enum ByteClass {
    /// `tchar`: the characters allowed in a method or a field name.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// A byte allowed inside a field value: VCHAR, obs-text, SP or HTAB. CR, LF, NUL and other controls are not.
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 65 && byte <= 90) ? byte | 0x20 : byte
    }

    /// Whether `bytes` equals the lowercase ASCII `name`, ignoring ASCII case.
    static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        for index in 0..<bytes.count where lowercased(bytes[index]) != expected[index] { return false }
        return true
    }
}
