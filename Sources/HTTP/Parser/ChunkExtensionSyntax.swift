/// Checks the extensions after a chunk size, byte by byte, against RFC 9112 §7.1.1:
/// `*( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )`, a value being a token or a quoted-string.
/// The decoder gives extensions no meaning, but a line that is not this syntax is refused rather than guessed
/// at, as two parsers that skip such lines differently can be made to disagree on where a body ends.
struct ChunkExtensionSyntax {
    enum Step {
        /// The byte fits; send the next one.
        case more
        /// The byte was the CR that ends the size line.
        case end
        case invalid
    }

    private enum Part {
        /// After the size, a value or a quoted value: `;`, whitespace before one, or the line's CR.
        case afterValue
        /// Whitespace after the size or a value: only more of it or `;` may follow.
        case spaceBeforeSemicolon
        case beforeName
        case name
        /// Whitespace after a name: `=` or `;` may follow.
        case spaceAfterName
        case beforeValue
        case token
        case quoted
        case quotedEscape
    }

    private var part = Part.afterValue

    mutating func next(_ byte: UInt8) -> Step {
        let space = byte == 0x20 || byte == 0x09
        switch part {
        case .afterValue:
            return endOfValue(byte)
        case .spaceBeforeSemicolon:
            if space { return .more }
            return move(to: .beforeName, if: byte == UInt8(ascii: ";"))
        case .beforeName:
            if space { return .more }
            return move(to: .name, if: ByteClass.isTokenChar(byte))
        case .name:
            if ByteClass.isTokenChar(byte) { return .more }
            if byte == UInt8(ascii: "=") { return move(to: .beforeValue, if: true) }
            if space { return move(to: .spaceAfterName, if: true) }
            return endOfValue(byte)
        case .spaceAfterName:
            if space { return .more }
            if byte == UInt8(ascii: "=") { return move(to: .beforeValue, if: true) }
            return move(to: .beforeName, if: byte == UInt8(ascii: ";"))
        case .beforeValue:
            if space { return .more }
            if byte == UInt8(ascii: "\"") { return move(to: .quoted, if: true) }
            return move(to: .token, if: ByteClass.isTokenChar(byte))
        case .token:
            if ByteClass.isTokenChar(byte) { return .more }
            return endOfValue(byte)
        case .quoted:
            // qdtext (RFC 9110 §5.6.4): HTAB, SP, visible ASCII but `"` and `\`, obs-text.
            if byte == UInt8(ascii: "\"") { return move(to: .afterValue, if: true) }
            if byte == UInt8(ascii: "\\") { return move(to: .quotedEscape, if: true) }
            return byte == 0x09 || (byte >= 0x20 && byte != 0x7F) ? .more : .invalid
        case .quotedEscape:
            return move(to: .quoted, if: byte == 0x09 || (byte >= 0x20 && byte != 0x7F))
        }
    }

    /// What may follow a size, a name or a value: the CR ending the line, `;`, or whitespace before `;`.
    private mutating func endOfValue(_ byte: UInt8) -> Step {
        switch byte {
        case 0x0D: return .end
        case UInt8(ascii: ";"): return move(to: .beforeName, if: true)
        case 0x20, 0x09: return move(to: .spaceBeforeSemicolon, if: true)
        default: return .invalid
        }
    }

    private mutating func move(to next: Part, if allowed: Bool) -> Step {
        guard allowed else { return .invalid }
        part = next
        return .more
    }
}
