/// Percent-decoding (RFC 3986 §2.1) shared by paths, queries, form bodies and the app's return-path check.
public enum PercentDecoding {
    /// Decodes every valid `%XX` escape and keeps a `%` without two hex digits after it as it is (`/100%` stays):
    /// what a lenient decoder further along would make of the bytes, for checks that must see that too.
    public static func decodeValidEscapes(_ bytes: [UInt8]) -> [UInt8] {
        decode(bytes, plusAsSpace: false, keepingMalformed: true) ?? bytes
    }

    /// Decodes `%XX` escapes (and `+` as space when `plusAsSpace`, as forms do).
    /// Returns nil for a malformed escape (`%`, `%4`, `%zz`) so callers choose 400 or leniency, unless
    /// `keepingMalformed`, which keeps such a `%` as it is.
    static func decode<C: Collection>(_ bytes: C, plusAsSpace: Bool, keepingMalformed: Bool = false) -> [UInt8]?
    where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                let second = first == bytes.endIndex ? first : bytes.index(after: first)
                if second != bytes.endIndex, let high = ByteClass.hexValue(bytes[first]), let low = ByteClass.hexValue(bytes[second]) {
                    output.append(high << 4 | low)
                    index = bytes.index(after: second)
                    continue
                }
                guard keepingMalformed else { return nil }
            }
            output.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        return output
    }

    /// Decodes and requires valid UTF-8; nil for a bad escape or bytes that are not UTF-8.
    static func decodeString<C: Collection>(_ bytes: C, plusAsSpace: Bool) -> String? where C.Element == UInt8 {
        guard let decoded = decode(bytes, plusAsSpace: plusAsSpace) else { return nil }
        return String(validating: decoded, as: UTF8.self)
    }
}
