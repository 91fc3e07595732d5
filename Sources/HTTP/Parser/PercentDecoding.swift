/// Percent-decoding (RFC 3986 §2.1) shared by paths, queries and form bodies.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusAsSpace`, as forms do).
    /// Returns nil for a malformed escape (`%`, `%4`, `%zz`) so callers choose 400 or leniency.
    static func decode<C: Collection>(_ bytes: C, plusAsSpace: Bool) -> [UInt8]? where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                guard first != bytes.endIndex else { return nil }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex,
                      let high = ByteClass.hexValue(bytes[first]), let low = ByteClass.hexValue(bytes[second])
                else { return nil }
                output.append(high << 4 | low)
                index = bytes.index(after: second)
                continue
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
