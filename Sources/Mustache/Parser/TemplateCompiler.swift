/// Turns template source into a `CompiledTemplate`: tokenize, apply whitespace rules, nest.
enum TemplateCompiler {
    static func compile(_ source: [UInt8], name: String, delimiters: Delimiters = .standard) throws(MustacheError) -> CompiledTemplate {
        var tokenizer = Tokenizer(source: source, templateName: name, delimiters: delimiters)
        var tokens = try tokenizer.tokenize()
        Standalone.apply(to: &tokens)
        BlockIndentation.apply(to: &tokens)
        var builder = TreeBuilder(tokens: tokens, source: source, templateName: name)
        let nodes = try builder.build()
        return CompiledTemplate(name: name, nodes: nodes, source: source)
    }
}

/// Nests the flat token list into nodes, checking that every section is closed by its own name.
private struct TreeBuilder {
    let tokens: [Token]
    let source: [UInt8]
    let templateName: String
    var position = 0

    init(tokens: [Token], source: [UInt8], templateName: String) {
        self.tokens = tokens
        self.source = source
        self.templateName = templateName
    }

    mutating func build() throws(MustacheError) -> [Node] {
        let nodes = try children(closing: nil)
        return nodes
    }

    /// Reads nodes until the close tag of `open` (or the end when `open` is nil) and consumes that tag.
    private mutating func children(closing open: Token?) throws(MustacheError) -> [Node] {
        var nodes: [Node] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token.kind {
            case .text:
                if case .text(let previous)? = nodes.last {
                    nodes[nodes.count - 1] = .text(previous + token.bytes)
                } else {
                    nodes.append(.text(token.bytes))
                }
            case .variable(let escaped):
                nodes.append(.variable(VariableNode(name: Name(token.content), escaped: escaped, offset: token.start)))
            case .comment, .delimiters:
                continue
            case .close:
                guard let open else { throw error(.unexpectedClose(token.content), at: token.start) }
                guard open.content == token.content else {
                    throw error(.mismatchedClose(expected: open.content, found: token.content), at: token.start)
                }
                return nodes
            case .section(let inverted):
                let inner = try children(closing: token)
                let close = tokens[position - 1]
                let raw = String(decoding: source[token.end..<close.start], as: UTF8.self)
                nodes.append(.section(SectionNode(
                    name: Name(token.content), inverted: inverted, isStandalone: token.isStandalone, nodes: inner,
                    rawBody: raw, delimiters: token.delimiters)))
            case .partial:
                nodes.append(.partial(partialNode(token)))
            case .parent:
                let inner = try children(closing: token)
                var overrides: [String: BlockNode] = [:]
                for case .block(let block) in inner where overrides[block.name] == nil {
                    overrides[block.name] = block
                }
                nodes.append(.parent(ParentNode(partial: partialNode(token), overrides: overrides)))
            case .block:
                let inner = try children(closing: token)
                nodes.append(.block(BlockNode(
                    name: token.content, nodes: inner, isStandalone: token.isStandalone, indent: token.blockIndent,
                    lineEnding: token.lineEnding)))
            }
        }
        if let open { throw error(.unclosedSection(open.content), at: open.start) }
        return nodes
    }

    private func partialNode(_ token: Token) -> PartialNode {
        PartialNode(
            reference: token.isDynamic ? .dynamic(Name(token.content)) : .fixed(token.content),
            isStandalone: token.isStandalone, indent: token.indent, offset: token.start)
    }

    private func error(_ kind: MustacheError.Kind, at offset: Int) -> MustacheError {
        MustacheError(kind, templateName: templateName, source: source, offset: offset)
    }
}
