/// The spec's whitespace rules, applied to the token list before nesting.
///
/// A line holding only tags that print nothing (sections, comments, partials, parents, blocks, delimiter
/// changes) and whitespace is "standalone": the whole line, its indentation and line ending included,
/// disappears from the output. The indentation is kept on the tags, because a standalone partial indents
/// every line of its template with it. Several such tags may share a line (`{{<parent}}{{$block}}`), as the
/// inheritance module requires.
enum Standalone {
    static func apply(to tokens: inout [Token]) {
        var lineStart = 0
        while lineStart < tokens.count {
            var lineEnd = lineStart
            while lineEnd < tokens.count - 1, !endsLine(tokens[lineEnd]) { lineEnd += 1 }
            markLine(lineStart...lineEnd, in: &tokens)
            lineStart = lineEnd + 1
        }
        tokens.removeAll { $0.isText && $0.bytes.isEmpty }
    }

    private static func endsLine(_ token: Token) -> Bool {
        token.isText && token.bytes.last == UInt8(ascii: "\n")
    }

    private static func markLine(_ line: ClosedRange<Int>, in tokens: inout [Token]) {
        var hasTag = false
        for index in line {
            let token = tokens[index]
            if token.isText {
                guard lineBody(token.bytes).allSatisfy(\.isInlineSpace) else { return }
            } else if token.canStandAlone {
                hasTag = true
            } else {
                return
            }
        }
        guard hasTag else { return }
        let last = tokens[line.upperBound]
        let ending: [UInt8]? = endsLine(last) ? Array(last.bytes.dropFirst(lineBody(last.bytes).count)) : nil
        var indent: [UInt8] = []
        var previousTag: Int?
        for index in line {
            if tokens[index].isText {
                indent += lineBody(tokens[index].bytes)
                tokens[index].bytes = []
                continue
            }
            tokens[index].isStandalone = true
            tokens[index].indent = indent
            if tokens[index].kind == .close, let open = previousTag, tokens[open].kind == .block,
               tokens[open].content == tokens[index].content {
                tokens[open].lineEnding = ending
            }
            previousTag = index
        }
    }

    /// The bytes of a line without its `\n` or `\r\n`.
    private static func lineBody(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var body = bytes
        if body.last == UInt8(ascii: "\n") { body = body.dropLast() }
        if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        return body
    }
}

/// Indentation of blocks (`{{$name}}`), from the inheritance module.
///
/// A block whose opening tag is standalone has its content's indentation removed where it is written (by
/// the indentation of the content's first line) and added back where it is expanded, so an override written
/// at any depth lines up with the block it replaces. Nested blocks are measured after the enclosing block's
/// content has been dedented, which makes their indentation relative to it.
enum BlockIndentation {
    /// `closes` pairs each opening tag with its close (`SectionNesting`); the tokens keep their positions.
    static func apply(to tokens: inout [Token], closes: [Int?]) {
        for index in tokens.indices where tokens[index].kind == .block && tokens[index].isStandalone {
            guard let end = closes[index] else { continue }
            let dedent = firstLineIndent(after: index, before: end, in: tokens)
            tokens[index].blockIndent = end > index + 1 ? dedent : tokens[index].indent
            guard !dedent.isEmpty else { continue }
            var atLineStart = true
            for inner in (index + 1)..<end {
                if tokens[inner].isText {
                    if atLineStart { tokens[inner].bytes = removingPrefix(dedent, from: tokens[inner].bytes) }
                    atLineStart = tokens[inner].bytes.last == UInt8(ascii: "\n")
                } else if tokens[inner].isStandalone {
                    tokens[inner].indent = Array(removingPrefix(dedent, from: tokens[inner].indent))
                    tokens[inner].blockIndent = Array(removingPrefix(dedent, from: tokens[inner].blockIndent))
                    atLineStart = true
                } else {
                    atLineStart = false
                }
            }
        }
    }

    private static func firstLineIndent(after open: Int, before end: Int, in tokens: [Token]) -> [UInt8] {
        guard open + 1 < end else { return [] }
        let first = tokens[open + 1]
        if first.isText { return Array(first.bytes.prefix(while: \.isInlineSpace)) }
        return first.isStandalone ? first.indent : []
    }

    /// `bytes` without as much of `prefix` as it starts with.
    private static func removingPrefix<Bytes: Collection<UInt8>>(_ prefix: [UInt8], from bytes: Bytes) -> Bytes.SubSequence {
        bytes.dropFirst(zip(prefix, bytes).prefix { $0 == $1 }.count)
    }
}
