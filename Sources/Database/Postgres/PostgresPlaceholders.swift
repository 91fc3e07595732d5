/// Rewrites the `?` parameters every repository writes into PostgreSQL's `$1, $2, …`.
///
/// Only a `?` in SQL proper is a parameter: one inside a string literal (`'…'`, `E'…'` with backslash
/// escapes, `$tag$…$tag$`), a quoted identifier (`"…"`) or a comment (`--…`, nested `/* … */`) is text and
/// stays as it is. Runs once per prepared statement, so its cost is paid once per connection and query.
enum PostgresPlaceholders {
    /// The rewritten SQL and how many parameters it takes.
    static func rewrite(_ sql: String) -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var count = 0
        var index = 0
        func isWordByte(_ byte: UInt8) -> Bool {
            byte >= 0x80 || byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        }
        func copy(until end: Int) {
            output.append(contentsOf: bytes[index..<min(end, bytes.count)])
            index = min(end, bytes.count)
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "?"):
                count += 1
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: String(count).utf8)
                index += 1
            case UInt8(ascii: "'"):
                let escapes = index > 0 && (bytes[index - 1] | 0x20) == UInt8(ascii: "e") && (index < 2 || !isWordByte(bytes[index - 2]))
                copy(until: quotedEnd(bytes, from: index, quote: byte, backslashEscapes: escapes))
            case UInt8(ascii: "\""):
                copy(until: quotedEnd(bytes, from: index, quote: byte, backslashEscapes: false))
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                copy(until: end)
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                copy(until: blockCommentEnd(bytes, from: index))
            case UInt8(ascii: "$") where index == 0 || !isWordByte(bytes[index - 1]):
                copy(until: dollarQuoteEnd(bytes, from: index, isWordByte: isWordByte))
            default:
                output.append(byte)
                index += 1
            }
        }
        return (String(decoding: output, as: UTF8.self), count)
    }

    /// The index just past the closing quote (a doubled quote is part of the text), or the end.
    private static func quotedEnd(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
        var index = start + 1
        while index < bytes.count {
            if backslashEscapes, bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
            if bytes[index] == quote {
                if index + 1 < bytes.count, bytes[index + 1] == quote { index += 2; continue }
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    /// The index just past a `/* … */` comment; PostgreSQL's block comments nest.
    private static func blockCommentEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "*") { depth += 1; index += 2; continue }
            if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
                continue
            }
            index += 1
        }
        return bytes.count
    }

    /// `$tag$ … $tag$` (tag possibly empty): the index past the closing tag. A `$` that opens no such
    /// quote (a positional `$1` written by hand) is copied as one byte.
    private static func dollarQuoteEnd(_ bytes: [UInt8], from start: Int, isWordByte: (UInt8) -> Bool) -> Int {
        var tagEnd = start + 1
        while tagEnd < bytes.count, bytes[tagEnd] != UInt8(ascii: "$") {
            guard isWordByte(bytes[tagEnd]), !(tagEnd == start + 1 && bytes[tagEnd] >= 0x30 && bytes[tagEnd] <= 0x39) else {
                return start + 1
            }
            tagEnd += 1
        }
        guard tagEnd < bytes.count else { return start + 1 }
        let tag = bytes[start...tagEnd]
        var index = tagEnd + 1
        while index + tag.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index..<(index + tag.count)].elementsEqual(tag) { return index + tag.count }
            index += 1
        }
        return bytes.count
    }
}
