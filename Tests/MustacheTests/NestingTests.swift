import Glibc
import Mustache
import Synchronization
import Testing

/// `levels` opening tags, one a line, then whatever is given as the innermost content and the closing tags.
private func nested(_ open: String, _ close: String, levels: Int, inner: String = "x\n", closed: Bool = true) -> String {
    String(repeating: open + "\n", count: levels) + inner + (closed ? String(repeating: close + "\n", count: levels) : "")
}

@Suite("Deep templates are refused or rendered with a located error, never a crash")
struct NestingTests {
    @Test("10,000 nested sections are refused at the tag that opens one level more than the limit")
    func tooDeepClosed() throws {
        let error = try #require(compileError(nested("{{#a}}", "{{/a}}", levels: 10_000), name: "deep"))
        #expect(error.kind == .nestingTooDeep("a"))
        #expect(error.line == MustacheLimits.nesting + 1)
        #expect(error.column == 1)
        #expect(error.description.hasPrefix("deep:\(MustacheLimits.nesting + 1):1: 'a' opens level \(MustacheLimits.nesting + 1)"))
    }

    @Test("an unclosed template 10,000 sections deep is refused with template, line and column")
    func tooDeepUnclosed() throws {
        let error = try #require(compileError(nested("  {{#a}}", "", levels: 10_000, closed: false), name: "deep"))
        #expect(error.kind == .nestingTooDeep("a"))
        #expect(error.description.hasPrefix("deep:\(MustacheLimits.nesting + 1):3: "))
    }

    @Test("inverted sections, blocks and parents count toward the nesting limit",
          arguments: [("{{^a}}", "{{/a}}"), ("{{$a}}", "{{/a}}"), ("{{<a}}", "{{/a}}"), ("  {{$a}}", "  {{/a}}")])
    func otherSectionsCount(open: String, close: String) throws {
        let error = try #require(compileError(nested(open, close, levels: 10_000), name: "deep"))
        #expect(error.kind == .nestingTooDeep("a"))
        #expect(error.line == MustacheLimits.nesting + 1)
    }

    @Test("an unclosed section at the deepest accepted nesting is reported at the innermost one")
    func unclosedAtLimit() throws {
        let error = try #require(compileError(nested("{{#a}}", "", levels: MustacheLimits.nesting, closed: false), name: "deep"))
        #expect(error.kind == .unclosedSection("a"))
        #expect(error.line == MustacheLimits.nesting)
        #expect(error.column == 1)
    }

    @Test("sections and inverted sections nested to the limit render, the innermost reading names through every level")
    func rendersAtLimit() throws {
        let levels = MustacheLimits.nesting / 2
        let text = String(repeating: "{{#a}}<{{^no}}", count: levels) + "{{top}}/{{n}}/{{a.n}}"
            + String(repeating: "{{/no}}>{{/a}}", count: levels)
        var chain: MustacheValue = ["n": .int(levels)]
        for level in stride(from: levels - 1, through: 1, by: -1) { chain = ["n": .int(level), "a": chain] }
        let output = try MustacheTemplate(string: text).render(["top": "root", "a": chain])
        #expect(output == String(repeating: "<", count: levels) + "root/\(levels)/\(levels)" + String(repeating: ">", count: levels))
    }

    @Test("a partial that includes itself inside 50 nested sections stops at the depth limit with an error")
    func partialRecursionThroughSections() throws {
        let node = String(repeating: "{{#a}}", count: 50) + "{{>node}}" + String(repeating: "{{/a}}", count: 50)
        let library = try MustacheLibrary(templates: ["node": node])
        let error = try #require(throws: MustacheError.self) { try library.render("node", ["a": true]) }
        #expect(error.kind == .recursionTooDeep("a") || error.kind == .recursionTooDeep("node"))
        #expect(error.templateName == "node")
        #expect(error.line == 1)
    }

    @Test("a partial that includes itself is an error through MustacheTemplate too, not output cut short")
    func templatePartialRecursionThrows() throws {
        let loop = try MustacheTemplate(string: "x\n{{>loop}}", name: "loop")
        let error = try #require(throws: MustacheError.self) { try loop.render([:], partials: ["loop": loop]) }
        #expect(error.kind == .recursionTooDeep("loop"))
        #expect(error.line == 2)
        #expect(error.column == 1)
    }

    @Test("a section lambda whose text opens the same section stops at the depth limit with an error")
    func sectionLambdaRecursion() throws {
        let library = try MustacheLibrary(templates: ["page": "{{#lambda}}x{{/lambda}}"])
        let lambda = MustacheLambda { text in "{{#lambda}}" + text + "{{/lambda}}" }
        let error = try #require(throws: MustacheError.self) { try library.render("page", ["lambda": .lambda(lambda)]) }
        #expect(error.kind == .recursionTooDeep("lambda"))
        #expect(error.templateName == "page (lambda)")
    }

    @Test("an interpolation lambda whose text names itself stops at the depth limit with an error")
    func interpolationLambdaRecursion() throws {
        let library = try MustacheLibrary(templates: ["page": "{{lambda}}"])
        let lambda = MustacheLambda { _ in "{{lambda}}" }
        let error = try #require(throws: MustacheError.self) { try library.render("page", ["lambda": .lambda(lambda)]) }
        #expect(error.kind == .recursionTooDeep("lambda"))
    }

    @Test("a recursive partial rendering a tree goes as deep as the data, within the limit")
    func recursiveTree() throws {
        let levels = MustacheLimits.renderDepth / 2 - 1
        var tree: MustacheValue = ["name": .int(levels), "children": []]
        for level in stride(from: levels - 1, through: 1, by: -1) { tree = ["name": .int(level), "children": [tree]] }
        let library = try MustacheLibrary(templates: ["node": "({{name}}{{#children}}{{>node}}{{/children}})"])
        let output = try library.render("node", tree)
        #expect(output.hasPrefix("(1(2(3"))
        #expect(output.hasSuffix("(\(levels))" + String(repeating: ")", count: levels - 1)))
    }

    @Test("the deepest render the limits admit fits in a 2 MiB thread stack, glibc's default under an unlimited stack limit",
          arguments: [
              "{{#a}}\n  {{>node}}\n{{/a}}",
              "{{$block}}{{#a}}{{^no}}{{>node}}{{/no}}{{/a}}{{/block}}",
              "{{#lambda}}{{/lambda}}",
          ])
    func fitsInSmallStack(node: String) throws {
        let library = try MustacheLibrary(templates: ["node": node])
        let lambda = MustacheLambda { _ in "{{#lambda}}{{>node}}{{/lambda}}" }
        let result = Mutex<MustacheError?>(nil)
        try onThread(stackBytes: 2 << 20) {
            do throws(MustacheError) {
                _ = try library.render("node", ["a": true, "lambda": .lambda(lambda)])
            } catch {
                result.withLock { $0 = error }
            }
        }
        let error = try #require(result.withLock { $0 })
        guard case .recursionTooDeep = error.kind else {
            Issue.record("expected recursionTooDeep, got \(error)")
            return
        }
    }

    @Test("text in many lines, split by comments and standalone tags, compiles to exactly its bytes")
    func manyLinesOfText() throws {
        var text = ""
        for line in 0..<20_000 {
            text += line % 1_000 == 999 ? "{{! comment }}\n{{#yes}}\nline \(line)\n{{/yes}}\n" : "line \(line) of text\n"
        }
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("{{") }.joined(separator: "\n")
        #expect(try MustacheTemplate(string: text).render(["yes": true]) == expected)
    }
}

/// Runs `body` on a new thread with a stack of `stackBytes` and waits for it to end.
private func onThread(stackBytes: Int, _ body: @escaping @Sendable () -> Void) throws {
    final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    try #require(pthread_attr_init(&attributes) == 0)
    defer { pthread_attr_destroy(&attributes) }
    try #require(pthread_attr_setstacksize(&attributes, stackBytes) == 0)
    let work = Unmanaged.passRetained(Work(body)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(&thread, &attributes, { raw in
        guard let raw else { return nil }
        Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
        return nil
    }, work)
    guard created == 0 else {
        Unmanaged<Work>.fromOpaque(work).release()
        Issue.record("pthread_create failed: \(created)")
        return
    }
    pthread_join(thread, nil)
}
