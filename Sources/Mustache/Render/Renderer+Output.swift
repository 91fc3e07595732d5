/// Byte-level output: the hot path of every render.
extension Renderer {
    /// Resolves a dotted name: the first part down the context stack, the rest inside what it found.
    @inline(__always)
    func lookup(_ name: Name) -> MustacheValue? {
        guard let first = name.first else { return stack.last }
        var index = stack.count - 1
        var found: MustacheValue?
        while index >= 0 {
            if let value = stack[index].member(first) {
                found = value
                break
            }
            index -= 1
        }
        guard var current = found else { return nil }
        if name.rest.isEmpty { return current }
        for part in name.rest {
            guard let next = current.member(part) else { return nil }
            current = next
        }
        return current
    }

    mutating func flushIndent() {
        if pendingIndent {
            out.append(contentsOf: indent)
            pendingIndent = false
        }
    }

    /// Appends template text, starting each of its lines with the current indentation.
    mutating func appendIndented(_ bytes: [UInt8]) {
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            flushIndent()
            out.append(contentsOf: bytes[start...index])
            pendingIndent = true
            start = index + 1
        }
        if start < bytes.count {
            flushIndent()
            out.append(contentsOf: bytes[start...])
        }
    }

    @inline(__always)
    mutating func appendRaw(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) {
            return done
        }
        out.append(contentsOf: text.utf8)
    }

    @inline(__always)
    mutating func appendEscaped(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) {
            return done
        }
        Array(text.utf8).withUnsafeBufferPointer { appendEscaped($0) }
    }

    /// HTML-escapes `& < > " '`; runs of other bytes are copied whole.
    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Every byte that needs escaping is at most '>' (0x3E); the common case is one comparison.
            if byte <= 0x3E {
                let entity: StaticString?
                switch byte {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: entity = nil
                }
                if let entity {
                    if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                    entity.withUTF8Buffer { out.append(contentsOf: $0) }
                    runStart = index + 1
                }
            }
            index += 1
        }
        if runStart < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    mutating func appendInteger(_ number: Int) {
        if number >= 0 && number < 10 {
            out.append(UInt8(ascii: "0") + UInt8(number))
            return
        }
        var magnitude = number.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            while magnitude > 0 {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            if number < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position..<20]))
        }
    }
}
