/// The one place an event becomes text: `2026-11-25T06:14:28Z event=request method=GET path=/ status=200`.
///
/// Shape: the UTC timestamp, `event=NAME`, then `level=LEVEL` unless the level is `info`, then the metadata
/// in order, each `key=value`, separated by single spaces, ending in one `\n`.
///
/// Guarantees, whatever the input: exactly one line per event. Keys and the event name keep only `[a-z0-9_]`
/// (anything else becomes `_`; an empty one is written `_`). A value is written bare when it is non-empty and
/// holds no space, quote, backslash or control character; otherwise it is quoted and escaped as a JSON string
/// (`\n`, `\r`, `\t`, `\"`, `\\`, other control characters and U+2028/U+2029 as `\uXXXX`). Non-ASCII text is
/// kept as UTF-8. So `path=/x%0a…` or an amount with a newline stays inside its own value.
public enum LogLine {
    /// One whole line, newline included.
    public static func format(timestamp: String, level: Logger.Level, event: String, metadata: Logger.Metadata) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(160)
        line.append(contentsOf: timestamp.utf8)
        line.append(contentsOf: " event=".utf8)
        appendKey(event, to: &line)
        if level != .info {
            line.append(contentsOf: " level=".utf8)
            line.append(contentsOf: level.description.utf8)
        }
        for (key, value) in metadata {
            line.append(UInt8(ascii: " "))
            appendKey(key, to: &line)
            line.append(UInt8(ascii: "="))
            appendValue(value, to: &line)
        }
        line.append(UInt8(ascii: "\n"))
        return line
    }

    static func appendKey(_ key: String, to line: inout [UInt8]) {
        if key.isEmpty { line.append(UInt8(ascii: "_")); return }
        for byte in key.utf8 {
            let allowed = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            line.append(allowed ? byte : UInt8(ascii: "_"))
        }
    }

    static func appendValue(_ value: Logger.MetadataValue, to line: inout [UInt8]) {
        switch value {
        case .int(let number): line.append(contentsOf: String(number).utf8)
        case .twoDecimals(let number): line.append(contentsOf: twoDecimals(number).utf8)
        case .string(let text): appendString(text, to: &line)
        }
    }

    private static func appendString(_ text: String, to line: inout [UInt8]) {
        let utf8 = text.utf8
        if !utf8.isEmpty, !needsQuotes(utf8) {
            line.append(contentsOf: utf8)
            return
        }
        line.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": line.append(contentsOf: "\\n".utf8)
            case "\r": line.append(contentsOf: "\\r".utf8)
            case "\t": line.append(contentsOf: "\\t".utf8)
            case "\"": line.append(contentsOf: "\\\"".utf8)
            case "\\": line.append(contentsOf: "\\\\".utf8)
            default:
                if isControl(scalar) {
                    line.append(contentsOf: "\\u".utf8)
                    let hex = String(scalar.value, radix: 16)
                    line.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, 4 - hex.utf8.count)))
                    line.append(contentsOf: hex.utf8)
                } else {
                    line.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        line.append(UInt8(ascii: "\""))
    }

    /// Control characters that a terminal or a log viewer may take as a line break or an escape sequence:
    /// C0, DEL, C1 and the Unicode line and paragraph separators.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// A byte scan, so the common bare value (a path, an id) costs no per-character work beyond this loop.
    private static func needsQuotes(_ utf8: String.UTF8View) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in utf8 {
            if byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            // C1 controls are U+0080…U+009F (C2 80…C2 9F); U+2028/U+2029 are E2 80 A8/A9.
            if previous == 0xC2, byte >= 0x80, byte <= 0x9F { return true }
            if beforePrevious == 0xE2, previous == 0x80, byte == 0xA8 || byte == 0xA9 { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// `value` with two decimals ("0.07"), without Foundation's locale-aware `String(format:)` on every request.
    public static func twoDecimals(_ value: Double) -> String {
        guard value.isFinite else { return "0.00" }
        let hundredths = Int((min(max(0, value), 1e15) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
