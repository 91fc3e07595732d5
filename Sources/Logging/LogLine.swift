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
        case .int(let number): appendDecimal(number, to: &line)
        case .twoDecimals(let number): appendTwoDecimals(number, to: &line)
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
        // Byte by byte: UTF-8 sequences pass through whole, except the C1 controls (C2 80…9F) and U+2028/U+2029
        // (E2 80 A8/A9), whose lead bytes are held back until the next byte says what they are.
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in utf8 {
            if previous == 0xC2, byte >= 0x80, byte <= 0x9F {
                line.removeLast()
                appendUnicodeEscape(UInt32(byte), to: &line)
            } else if beforePrevious == 0xE2, previous == 0x80, byte == 0xA8 || byte == 0xA9 {
                line.removeLast(2)
                appendUnicodeEscape(byte == 0xA8 ? 0x2028 : 0x2029, to: &line)
            } else {
                switch byte {
                case UInt8(ascii: "\n"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): line.append(contentsOf: [UInt8(ascii: "\\"), byte])
                case 0..<0x20, 0x7F: appendUnicodeEscape(UInt32(byte), to: &line)
                default: line.append(byte)
                }
            }
            beforePrevious = previous
            previous = byte
        }
        line.append(UInt8(ascii: "\""))
    }

    /// `\u` and four lowercase hex digits, as JSON writes a control character.
    private static func appendUnicodeEscape(_ value: UInt32, to line: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { line.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
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

    /// Digits straight into the line: no `String` per number on the request path.
    static func appendDecimal(_ number: Int, to line: inout [UInt8]) {
        if number < 0 { line.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { line.append(buffer[index]) }
        }
    }

    static func appendTwoDecimals(_ value: Double, to line: inout [UInt8]) {
        let hundredths = hundredths(value)
        appendDecimal(hundredths / 100, to: &line)
        line.append(UInt8(ascii: "."))
        line.append(UInt8(ascii: "0") + UInt8(hundredths % 100 / 10))
        line.append(UInt8(ascii: "0") + UInt8(hundredths % 10))
    }

    /// Non-negative and bounded, so no input can trap the conversion to `Int`.
    private static func hundredths(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        return Int((min(max(0, value), 1e15) * 100).rounded())
    }

    /// `value` with two decimals ("0.07"), without Foundation's locale-aware `String(format:)` on every request.
    public static func twoDecimals(_ value: Double) -> String {
        var text: [UInt8] = []
        appendTwoDecimals(value, to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}
