import Foundation
import JSON

/// JSON that can sit inside `<script type="application/json">` in a page: written by `JSONWriter` (never by
/// string building), then `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`, so no value can close the
/// script element or start a comment. The result parses to the same JSON.
public enum ScriptSafeJSON {
    public static func encode(_ object: [String: any Sendable]) throws -> String {
        let bytes = try JSONWriter.bytes(object)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"): out.append(contentsOf: "\\u003c".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "\\u003e".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "\\u0026".utf8)
            // U+2028 and U+2029 (E2 80 A8/A9) end a line in older script parsers.
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                out.append(contentsOf: (bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
