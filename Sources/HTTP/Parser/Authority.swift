import Glibc

/// The syntax of `uri-host [":" port]` (RFC 3986 §3.2.2-3.2.3) that a Host field and an absolute-form target
/// carry (RFC 9110 §4.2, §7.2): a reg-name of unreserved, sub-delims and %-escapes (an IPv4 address is one),
/// or a bracketed IPv6 or IPvFuture literal, then an optional port of digits. Userinfo (`a@b`) is refused as
/// RFC 9110 §4.2.4 asks, and so is anything else that would make two parties read a different authority.
enum Authority {
    /// Whether `bytes` is a valid authority; an empty host is valid only where `emptyHostAllowed` (a Host field,
    /// RFC 9112 §3.2), never in an `http` URI (RFC 9110 §4.2.1).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, emptyHostAllowed: Bool) -> Bool {
        var index = 0
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")),
                  isIPLiteral(UnsafeBufferPointer(rebasing: bytes[1..<close])) else { return false }
            index = close + 1
        } else {
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                let byte = bytes[index]
                if byte == UInt8(ascii: "%") {
                    guard index + 2 < bytes.count, ByteClass.hexValue(bytes[index + 1]) != nil,
                          ByteClass.hexValue(bytes[index + 2]) != nil else { return false }
                    index += 3
                    continue
                }
                guard isUnreserved(byte) || isSubDelim(byte) else { return false }
                index += 1
            }
            if index == 0 && !emptyHostAllowed { return false }
        }
        guard index < bytes.count else { return true }
        guard bytes[index] == UInt8(ascii: ":") else { return false }
        return bytes[(index + 1)...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `IPv6address / IPvFuture`, the inside of the brackets.
    private static func isIPLiteral(_ inside: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = inside.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") {
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            guard let dot = inside.firstIndex(of: UInt8(ascii: ".")), dot > 1, dot + 1 < inside.count else { return false }
            return inside[1..<dot].allSatisfy { ByteClass.hexValue($0) != nil }
                && inside[(dot + 1)...].allSatisfy { isUnreserved($0) || isSubDelim($0) || $0 == UInt8(ascii: ":") }
        }
        guard inside.count < 46, inside.allSatisfy({ ByteClass.hexValue($0) != nil || $0 == UInt8(ascii: ":")
            || $0 == UInt8(ascii: ".") }) else { return false }
        let text = Array(inside) + [0]
        var address = in6_addr()
        return text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { inet_pton(AF_INET6, $0.baseAddress, &address) == 1 }
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func isSubDelim(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
