/// Turns template source into a `CompiledTemplate`: tokenize, apply whitespace rules, check the nesting, nest.
///
/// Every pass is a loop over the tokens, none recurses, and each costs time and memory in proportion to the
/// source (block indentation also in proportion to the depth of nested blocks, which `SectionNesting` bounds).
enum TemplateCompiler {
    static func compile(_ source: [UInt8], name: String, delimiters: Delimiters = .standard) throws(MustacheError) -> CompiledTemplate {
        var tokenizer = Tokenizer(source: source, templateName: name, delimiters: delimiters)
        var tokens = try tokenizer.tokenize()
        Standalone.apply(to: &tokens)
        let closes = try SectionNesting.closes(in: tokens, source: source, templateName: name)
        BlockIndentation.apply(to: &tokens, closes: closes)
        let nodes = TreeBuilder.build(tokens, source: source)
        return CompiledTemplate(name: name, nodes: nodes, source: source)
    }
}

/// Nests the flat token list, whose structure `SectionNesting` has checked, into nodes.
private enum TreeBuilder {
    /// A section being read: its opening tag (`nil` for the template itself) and the nodes read so far.
    private struct Frame {
        let open: Token?
        var nodes: [Node] = []
        /// Text read since the last node, joined in place: re-joining the node's text for each line made
        /// compiling quadratic in the number of lines.
        var text: [UInt8] = []

        mutating func append(_ node: Node) {
            flushText()
            nodes.append(node)
        }

        mutating func finish() -> [Node] {
            flushText()
            return nodes
        }

        private mutating func flushText() {
            guard !text.isEmpty else { return }
            nodes.append(.text(text))
            text = []
        }
    }

    static func build(_ tokens: [Token], source: [UInt8]) -> [Node] {
        // Open sections live on this array, not on the call stack: depth costs no stack.
        var frames = [Frame(open: nil)]
        for token in tokens {
            switch token.kind {
            case .text:
                frames[frames.count - 1].text += token.bytes
            case .variable(let escaped):
                frames[frames.count - 1].append(.variable(VariableNode(
                    name: Name(token.content), escaped: escaped, offset: token.start)))
            case .partial:
                frames[frames.count - 1].append(.partial(partialNode(token)))
            case .comment, .delimiters:
                continue
            case .section, .parent, .block:
                frames.append(Frame(open: token))
            case .close:
                // SectionNesting has paired every close with the innermost open tag of the same name.
                guard frames.count > 1, var frame = frames.popLast(), let open = frame.open else { continue }
                frames[frames.count - 1].append(node(open, children: frame.finish(), close: token, source: source))
            }
        }
        return frames[0].finish()
    }

    private static func node(_ open: Token, children: [Node], close: Token, source: [UInt8]) -> Node {
        switch open.kind {
        case .section(let inverted):
            return .section(SectionNode(
                name: Name(open.content), inverted: inverted, isStandalone: open.isStandalone, nodes: children,
                rawBody: source[open.end..<close.start], delimiters: open.delimiters, offset: open.start))
        case .parent:
            var overrides: [String: BlockNode] = [:]
            for case .block(let block) in children where overrides[block.name] == nil {
                overrides[block.name] = block
            }
            return .parent(ParentNode(partial: partialNode(open), overrides: overrides))
        default:
            return .block(BlockNode(
                name: open.content, nodes: children, isStandalone: open.isStandalone, indent: open.blockIndent,
                lineEnding: open.lineEnding, offset: open.start))
        }
    }

    private static func partialNode(_ token: Token) -> PartialNode {
        PartialNode(
            reference: token.isDynamic ? .dynamic(Name(token.content)) : .fixed(token.content),
            isStandalone: token.isStandalone, indent: token.indent, offset: token.start)
    }
}
