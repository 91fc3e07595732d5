/// What a render may treat as an error instead of rendering nothing.
struct RenderOptions: Sendable {
    /// A variable missing from the context is an error (the spec renders it empty).
    var strictVariables = false
    /// A partial or parent missing from the set is an error (the spec renders it empty).
    var strictPartials = false
}

/// Walks compiled nodes against a context stack and appends UTF-8 to `out`.
///
/// One renderer serves one render call and is never shared. Errors arise in strict modes and past
/// `MustacheLimits.renderDepth`; the first one is kept in `failure` and the rest of the render is abandoned.
///
/// It recurses once for each section, partial, block and lambda it enters, and `enter` bounds that depth: the
/// stack a render takes is bounded whatever the templates and the data.
struct Renderer {
    var out: [UInt8] = []
    var stack: [MustacheValue]
    /// Extra indentation of the template being rendered (a standalone partial's), added at each line start.
    var indent: [UInt8] = []
    var pendingIndent = false
    /// Block overrides of the parents being rendered, outermost first: the outermost definition wins. Each level
    /// keeps the template that wrote it, where errors inside an override are located.
    var overrides: [(blocks: [String: BlockNode], writtenIn: CompiledTemplate)] = []
    var template: CompiledTemplate
    let resolve: (String) -> CompiledTemplate?
    let options: RenderOptions
    var failure: MustacheError?
    /// Mirrors `failure != nil`; a plain flag keeps the per-node check cheap.
    var failed = false
    /// Sections, partials, blocks and lambdas entered and not yet left.
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
            renderInterpolationLambda(lambda, variable: variable)
        case .null, .array, .object, .model:
            return
        }
    }

    /// Renders `nodes` one level deeper, or fails at the tag (`name` at `offset` of the current template) when
    /// that level is past `MustacheLimits.renderDepth`.
    @inline(__always)
    private mutating func enter(_ nodes: [Node], tag name: String, at offset: Int) {
        guard mayEnter(tag: name, at: offset) else { return }
        depth += 1
        render(nodes)
        depth -= 1
    }

    /// Renders nodes another template wrote (a lambda's output, a block override) one level deeper, with errors
    /// inside them located in that template.
    private mutating func enter(_ nodes: [Node], writtenIn owner: CompiledTemplate, tag name: String, at offset: Int) {
        guard mayEnter(tag: name, at: offset) else { return }
        let outer = template
        template = owner
        depth += 1
        render(nodes)
        depth -= 1
        template = outer
    }

    /// What errors in a lambda's output call it: the template's name once marked, however deep lambdas nest.
    private var lambdaOutputName: String {
        template.name.hasSuffix(" (lambda)") ? template.name : template.name + " (lambda)"
    }

    /// Whether one more level may be entered; when not, the render fails at the tag.
    @inline(__always)
    private mutating func mayEnter(tag name: String, at offset: Int) -> Bool {
        guard depth < MustacheLimits.renderDepth else {
            fail(.recursionTooDeep(name), at: offset)
            return false
        }
        return true
    }

    private mutating func renderSection(_ section: SectionNode) {
        if !section.isStandalone && !indent.isEmpty { flushIndent() }
        let value = lookup(section.name)
        if section.inverted {
            if !(value?.isTruthy ?? false) { enter(section.nodes, tag: section.name.text, at: section.offset) }
            return
        }
        guard let value, value.isTruthy else { return }
        switch value {
        case .array(let items):
            for item in items {
                stack.append(item)
                enter(section.nodes, tag: section.name.text, at: section.offset)
                stack.removeLast()
            }
        case .bool:
            enter(section.nodes, tag: section.name.text, at: section.offset)
        case .lambda(let lambda):
            renderSectionLambda(lambda, section: section)
        default:
            stack.append(value)
            enter(section.nodes, tag: section.name.text, at: section.offset)
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
        guard mayEnter(tag: name, at: partial.offset) else { return }
        let savedIndent = indent
        let savedTemplate = template
        if partial.isStandalone {
            indent += partial.indent
            pendingIndent = true
        } else {
            indent = []
            pendingIndent = false
        }
        if let blocks { overrides.append((blocks, template)) }
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
        var writtenIn = template
        for level in overrides {
            if let replacement = level.blocks[block.name] {
                chosen = replacement
                writtenIn = level.writtenIn
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
        enter(chosen.nodes, writtenIn: writtenIn, tag: block.name, at: block.offset)
        indent = savedIndent
        if let ending = block.lineEnding, out.count > start, out.last != UInt8(ascii: "\n") {
            out.append(contentsOf: ending)
        }
    }

    private mutating func renderInterpolationLambda(_ lambda: MustacheLambda, variable: VariableNode) {
        let escaped = variable.escaped
        let result = lambda.body("")
        guard let compiled = try? TemplateCompiler.compile(Array(result.utf8), name: lambdaOutputName) else {
            // A lambda's output that is not a valid template is shown as the text it is.
            if escaped { appendEscaped(result) } else { appendRaw(result) }
            return
        }
        let saved = out
        out = []
        // The output may name the lambda again: entering counts, so that ends at the depth limit.
        enter(compiled.nodes, writtenIn: compiled, tag: variable.name.text, at: variable.offset)
        let produced = out
        out = saved
        if escaped {
            produced.withUnsafeBufferPointer { appendEscaped($0) }
        } else {
            out.append(contentsOf: produced)
        }
    }

    private mutating func renderSectionLambda(_ lambda: MustacheLambda, section: SectionNode) {
        let result = lambda.body(String(decoding: section.rawBody, as: UTF8.self))
        guard let compiled = try? TemplateCompiler.compile(Array(result.utf8), name: lambdaOutputName,
                                                           delimiters: section.delimiters)
        else {
            appendRaw(result)
            return
        }
        enter(compiled.nodes, writtenIn: compiled, tag: section.name.text, at: section.offset)
    }

    mutating func fail(_ kind: MustacheError.Kind, at offset: Int) {
        if !failed {
            failed = true
            failure = MustacheError(kind, templateName: template.name, source: template.source, offset: offset)
        }
    }
}
