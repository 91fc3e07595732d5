import Foundation

/// Writes the JSON text of a tree of `[String: Any]`, `[Any]`, strings, numbers, booleans and `NSNull`, the
/// trees `JSONSerialization` takes: what the Toss contract's bodies are built from.
///
/// Why not `JSONSerialization`: on Linux it bridges every dictionary to `NSDictionary` and every value through
/// dynamic casts; a payment's body cost a fifth of the Toss sandbox's CPU and a few percent of the shop's.
///
/// Guarantees: the text parses to the same tree. Keys are sorted (byte order of their UTF-8), so the same tree
/// always gives the same bytes. Strings are escaped per RFC 8259 §7: `"` and `\` with a backslash, control
/// characters as `\b \f \n \r \t` or `\u00XX`; `/` and everything else as is (UTF-8). Integers in decimal;
/// a `Double` as Swift's shortest round-tripping decimal; any other value (an `NSNumber` from a parsed body,
/// an optional) goes to `JSONSerialization` alone, so it is written as that would. A non-finite number or a
/// value JSON cannot hold throws, naming where it was.
public enum JSONWriter {
    /// Why a tree could not be written; `path` is where in it (`payment.amount`, `lines[2]`).
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write JSON at \(path.isEmpty ? "the top" : path): \(reason)" }
    }

    /// The JSON text of `value`.
    public static func bytes(_ value: Any) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        try write(value, into: &out, path: "")
        return out
    }

    /// The JSON text of `value` as `Data` (what `URLRequest.httpBody` and friends take).
    public static func data(_ value: Any) throws(Failure) -> Data {
        Data(try bytes(value))
    }

    /// Appends the JSON text of `value` to `out`.
    public static func write(_ value: Any, into out: inout [UInt8], path: String) throws(Failure) {
        let type = Swift.type(of: value)
        if type == String.self, let text = value as? String {
            writeString(text, into: &out)
        } else if type == Int.self, let number = value as? Int {
            out.append(contentsOf: String(number).utf8)
        } else if type == Bool.self, let flag = value as? Bool {
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        } else if type == Int64.self, let number = value as? Int64 {
            out.append(contentsOf: String(number).utf8)
        } else if type == Double.self, let number = value as? Double {
            guard number.isFinite else { throw Failure(path: path, reason: "\(number) is not a JSON number") }
            out.append(contentsOf: number.description.utf8)
        } else if let object = value as? [String: Any] {
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, element) in object.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(element, into: &out, path: path.isEmpty ? key : path + "." + key)
            }
            out.append(UInt8(ascii: "}"))
        } else if let array = value as? [Any] {
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(element, into: &out, path: path + "[\(index)]")
            }
            out.append(UInt8(ascii: "]"))
        } else if value is NSNull {
            out.append(contentsOf: "null".utf8)
        } else if let text = value as? String {
            writeString(text, into: &out)
        } else {
            try writeFragment(value, into: &out, path: path)
        }
    }

    /// A value of another type, as `JSONSerialization` writes it on its own.
    private static func writeFragment(_ value: Any, into out: inout [UInt8], path: String) throws(Failure) {
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else {
            throw Failure(path: path, reason: "a \(Swift.type(of: value)) has no JSON form")
        }
        out.append(contentsOf: data)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `text` in quotes, escaped; runs of bytes that need no escape are copied at once.
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
