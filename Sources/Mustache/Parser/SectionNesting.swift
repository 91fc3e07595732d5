/// Pairs every tag that opens a section (`{{#}}`, `{{^}}`, `{{<}}`, `{{$}}`) with its close tag, checking the
/// structure in source order before any later pass walks it: each close names the innermost open section,
/// nothing is left open, and no template nests deeper than `MustacheLimits.nesting`.
///
/// It keeps the open tags on an array rather than recursing, so a hostile depth costs a located error, never the
/// thread's stack; and it runs before `BlockIndentation`, whose work grows with the depth of nested blocks.
enum SectionNesting {
    /// For each token index, the index of the tag that closes it when the token opens a section; `nil` otherwise.
    static func closes(in tokens: [Token], source: [UInt8], templateName: String) throws(MustacheError) -> [Int?] {
        var closes = [Int?](repeating: nil, count: tokens.count)
        var open: [Int] = []
        for index in tokens.indices {
            let token = tokens[index]
            if token.opensSection {
                guard open.count < MustacheLimits.nesting else {
                    throw error(.nestingTooDeep(token.content), at: token.start, source: source, templateName: templateName)
                }
                open.append(index)
            } else if token.kind == .close {
                guard let innermost = open.popLast() else {
                    throw error(.unexpectedClose(token.content), at: token.start, source: source, templateName: templateName)
                }
                guard tokens[innermost].content == token.content else {
                    throw error(.mismatchedClose(expected: tokens[innermost].content, found: token.content),
                                at: token.start, source: source, templateName: templateName)
                }
                closes[innermost] = index
            }
        }
        if let innermost = open.last {
            let token = tokens[innermost]
            throw error(.unclosedSection(token.content), at: token.start, source: source, templateName: templateName)
        }
        return closes
    }

    private static func error(_ kind: MustacheError.Kind, at offset: Int, source: [UInt8], templateName: String) -> MustacheError {
        MustacheError(kind, templateName: templateName, source: source, offset: offset)
    }
}
