/// What a render may treat as an error instead of rendering nothing.
struct RenderOptions: Sendable {
    /// A variable missing from the context is an error (the spec renders it empty).
    var strictVariables = false
    /// A partial or parent missing from the set is an error (the spec renders it empty).
    var strictPartials = false
}

/// Walks compiled nodes against a context stack and appends UTF-8 to `out`.
///
/// One renderer serves one render call and is never shared. Errors only arise in strict modes; the first
/// one is kept in `failure` and the rest of the render is abandoned.
struct Renderer {
    /// Partials deeper than this are treated as runaway recursion.
    static let maximumDepth = 200

    var out: [UInt8] = []
    var stack: [MustacheValue]
    /// Extra indentation of the template being rendered (a standalone partial's), added at each line start.
    var indent: [UInt8] = []
    var pendingIndent = false
    /// Block overrides of the parents being rendered, outermost first: the outermost definition wins.
    var overrides: [[String: BlockNode]] = []
    var template: CompiledTemplate
    let resolve: (String) -> CompiledTemplate?
    let options: RenderOptions
    var failure: MustacheError?
    /// Mirrors `failure != nil`; a plain flag keeps the per-node check cheap.
    var failed = false
    var depth = 0

    init(template: CompiledTemplate, context: MustacheValue, options: RenderOptions,
         resolve: @escaping (String) -> CompiledTemplate?) {
        self.template = template
        self.stack = [context]
        self.options = options
        self.resolve = resolve
        stack.reserveCapacity(16)
    }

    mutating func render(_ nodes: [Node]) {
        for node in nodes {
            if failed { return }
            switch node {
            case .text(let bytes):
                if indent.isEmpty { out.append(contentsOf: bytes) } else { appendIndented(bytes) }
            case .variable(let variable):
                renderVariable(variable)
            case .section(let section):
                renderSection(section)
            case .partial(let partial):
                renderPartial(partial, overrides: nil)
            case .parent(let parent):
                renderPartial(parent.partial, overrides: parent.overrides)
            case .block(let block):
                renderBlock(block)
            }
        }
    }

    private mutating func renderVariable(_ variable: VariableNode) {
        if !indent.isEmpty { flushIndent() }
        guard let value = lookup(variable.name) else {
            if options.strictVariables { fail(.missingVariable(variable.name.text), at: variable.offset) }
            return
        }
        switch value {
        case .string(let text):
            if variable.escaped { appendEscaped(text) } else { appendRaw(text) }
        case .html(let bytes):
            if variable.escaped { bytes.withUnsafeBufferPointer { appendEscaped($0) } } else { out.append(contentsOf: bytes) }
        case .int(let number):
            appendInteger(number)
        case .double(let number):
            appendRaw(String(number))
        case .bool(let flag):
            appendRaw(flag ? "true" : "false")
        case .lambda(let lambda):
            renderInterpolationLambda(lambda, escaped: variable.escaped)
        case .null, .array, .object, .model:
            return
        }
    }

    private mutating func renderSection(_ section: SectionNode) {
        if !section.isStandalone && !indent.isEmpty { flushIndent() }
        let value = lookup(section.name)
        if section.inverted {
            if !(value?.isTruthy ?? false) { render(section.nodes) }
            return
        }
        guard let value, value.isTruthy else { return }
        switch value {
        case .array(let items):
            for item in items {
                stack.append(item)
                render(section.nodes)
                stack.removeLast()
            }
        case .bool:
            render(section.nodes)
        case .lambda(let lambda):
            renderSectionLambda(lambda, section: section)
        default:
            stack.append(value)
            render(section.nodes)
            stack.removeLast()
        }
    }

    private mutating func renderPartial(_ partial: PartialNode, overrides blocks: [String: BlockNode]?) {
        if !partial.isStandalone && !indent.isEmpty { flushIndent() }
        let name: String
        switch partial.reference {
        case .fixed(let fixed):
            name = fixed
        case .dynamic(let reference):
            guard case .string(let resolved)? = lookup(reference) else { return }
            name = resolved
        }
        guard let target = resolve(name) else {
            if options.strictPartials { fail(.missingPartial(name), at: partial.offset) }
            return
        }
        guard depth < Self.maximumDepth else {
            fail(.recursionTooDeep(name), at: partial.offset)
            return
        }
        let savedIndent = indent
        let savedTemplate = template
        if partial.isStandalone {
            indent += partial.indent
            pendingIndent = true
        } else {
            indent = []
            pendingIndent = false
        }
        if let blocks { overrides.append(blocks) }
        depth += 1
        template = target
        render(target.nodes)
        template = savedTemplate
        depth -= 1
        if blocks != nil { overrides.removeLast() }
        indent = savedIndent
        if !partial.isStandalone { pendingIndent = false }
    }

    private mutating func renderBlock(_ block: BlockNode) {
        var chosen = block
        for level in overrides {
            if let replacement = level[block.name] {
                chosen = replacement
                break
            }
        }
        let savedIndent = indent
        if block.isStandalone {
            indent += block.indent
            pendingIndent = true
        } else if !indent.isEmpty {
            flushIndent()
        }
        let start = out.count
        render(chosen.nodes)
        indent = savedIndent
        if let ending = block.lineEnding, out.count > start, out.last != UInt8(ascii: "\n") {
            out.append(contentsOf: ending)
        }
    }

    private mutating func renderInterpolationLambda(_ lambda: MustacheLambda, escaped: Bool) {
        let result = lambda.body("")
        guard let compiled = try? TemplateCompiler.compile(Array(result.utf8), name: template.name + " (lambda)") else {
            // A lambda's output that is not a valid template is shown as the text it is.
            if escaped { appendEscaped(result) } else { appendRaw(result) }
            return
        }
        let saved = out
        out = []
        render(compiled.nodes)
        let produced = out
        out = saved
        if escaped {
            produced.withUnsafeBufferPointer { appendEscaped($0) }
        } else {
            out.append(contentsOf: produced)
        }
    }

    private mutating func renderSectionLambda(_ lambda: MustacheLambda, section: SectionNode) {
        let result = lambda.body(section.rawBody)
        let name = template.name + " (lambda)"
        guard let compiled = try? TemplateCompiler.compile(Array(result.utf8), name: name, delimiters: section.delimiters)
        else {
            appendRaw(result)
            return
        }
        render(compiled.nodes)
    }

    mutating func fail(_ kind: MustacheError.Kind, at offset: Int) {
        if !failed {
            failed = true
            failure = MustacheError(kind, templateName: template.name, source: template.source, offset: offset)
        }
    }
}
