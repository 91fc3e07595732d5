/// Splits template source into tokens, following delimiter changes as it goes.
struct Tokenizer {
    let source: [UInt8]
    let templateName: String
    private var delimiters: Delimiters

    init(source: [UInt8], templateName: String, delimiters: Delimiters = .standard) {
        self.source = source
        self.templateName = templateName
        self.delimiters = delimiters
    }

    mutating func tokenize() throws(MustacheError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var textStart = 0
        while index < source.count {
            guard matches(delimiters.open, at: index) else {
                index += 1
                continue
            }
            appendText(from: textStart, to: index, into: &tokens)
            let token = try readTag(at: index)
            tokens.append(token)
            index = token.end
            textStart = index
        }
        appendText(from: textStart, to: source.count, into: &tokens)
        return tokens
    }

    /// Adds text, cut after every line feed so that no text token spans two lines.
    private func appendText(from start: Int, to end: Int, into tokens: inout [Token]) {
        var pieceStart = start
        var index = start
        while index < end {
            if source[index] == UInt8(ascii: "\n") {
                tokens.append(Token(kind: .text, bytes: source[pieceStart...index], start: pieceStart, end: index + 1))
                pieceStart = index + 1
            }
            index += 1
        }
        if pieceStart < end {
            tokens.append(Token(kind: .text, bytes: source[pieceStart..<end], start: pieceStart, end: end))
        }
    }

    private mutating func readTag(at start: Int) throws(MustacheError) -> Token {
        let contentStart = start + delimiters.open.count
        guard contentStart < source.count else { throw error(.unclosedTag, at: start) }
        let sigil = source[contentStart]
        let kind: Token.Kind
        var closing = delimiters.close
        var bodyStart = contentStart + 1
        switch sigil {
        case UInt8(ascii: "{"):
            kind = .variable(escaped: false)
            closing = [UInt8(ascii: "}")] + delimiters.close
        case UInt8(ascii: "&"): kind = .variable(escaped: false)
        case UInt8(ascii: "#"): kind = .section(inverted: false)
        case UInt8(ascii: "^"): kind = .section(inverted: true)
        case UInt8(ascii: "/"): kind = .close
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "<"): kind = .parent
        case UInt8(ascii: "$"): kind = .block
        case UInt8(ascii: "="):
            kind = .delimiters
            closing = [UInt8(ascii: "=")] + delimiters.close
        default:
            kind = .variable(escaped: true)
            bodyStart = contentStart
        }
        guard let bodyEnd = find(closing, from: bodyStart) else { throw error(.unclosedTag, at: start) }
        var token = Token(kind: kind, start: start, end: bodyEnd + closing.count)
        if kind == .comment { return token }
        var content = trimmed(source[bodyStart..<bodyEnd])
        if kind == .delimiters {
            try changeDelimiters(content, at: start)
            token.delimiters = delimiters
            return token
        }
        if kind == .partial || kind == .parent, content.first == UInt8(ascii: "*") {
            token.isDynamic = true
            content = trimmed(content.dropFirst())
        }
        guard !content.isEmpty else { throw error(.emptyTag, at: start) }
        token.content = String(decoding: content, as: UTF8.self)
        token.delimiters = delimiters
        return token
    }

    private mutating func changeDelimiters(_ content: ArraySlice<UInt8>, at start: Int) throws(MustacheError) {
        let parts = content.split(whereSeparator: { $0.isWhitespace })
        guard parts.count == 2, !parts[0].contains(UInt8(ascii: "=")), !parts[1].contains(UInt8(ascii: "=")) else {
            throw error(.badDelimiters(String(decoding: content, as: UTF8.self)), at: start)
        }
        delimiters = Delimiters(open: Array(parts[0]), close: Array(parts[1]))
    }

    private func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return slice
    }

    @inline(__always)
    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= source.count else { return false }
        for offset in 0..<pattern.count where source[index + offset] != pattern[offset] { return false }
        return true
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + pattern.count <= source.count {
            if matches(pattern, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func error(_ kind: MustacheError.Kind, at offset: Int) -> MustacheError {
        MustacheError(kind, templateName: templateName, source: source, offset: offset)
    }
}
