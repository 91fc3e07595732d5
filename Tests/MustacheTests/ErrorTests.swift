import Mustache
import Testing

@Suite("Template errors say what and where")
struct ErrorTests {
    @Test("an unclosed section names the section, its line and column, and quotes the line")
    func unclosedSection() throws {
        let error = try #require(compileError("<ul>\n  {{#items}}<li>{{name}}</li>\n</ul>"))
        #expect(error.kind == .unclosedSection("items"))
        #expect(error.templateName == "page")
        #expect(error.line == 2)
        #expect(error.column == 3)
        #expect(error.excerpt == "  {{#items}}<li>{{name}}</li>")
    }

    @Test("a close tag for another section is a mismatched close at the close tag")
    func mismatchedClose() throws {
        let error = try #require(compileError("{{#a}}\n{{#b}}x{{/a}}{{/b}}"))
        #expect(error.kind == .mismatchedClose(expected: "b", found: "a"))
        #expect(error.line == 2)
        #expect(error.column == 8)
    }

    @Test("a close tag with nothing open is reported")
    func unexpectedClose() throws {
        let error = try #require(compileError("x {{/a}}"))
        #expect(error.kind == .unexpectedClose("a"))
    }

    @Test("a delimiter change without two delimiters is a bad delimiter error")
    func badDelimiters() throws {
        let error = try #require(compileError("ok\n{{=<%=}}"))
        #expect(error.kind == .badDelimiters("<%"))
        #expect(error.line == 2)
    }

    @Test("a tag without its closing delimiter is reported at the tag")
    func unclosedTag() throws {
        let error = try #require(compileError("héllo {{name"))
        #expect(error.kind == .unclosedTag)
        #expect(error.column == 7)
    }

    @Test("the description carries name, line, column and excerpt")
    func description() throws {
        let error = try #require(compileError("{{#items}}", name: "catalog"))
        #expect(error.description.hasPrefix("catalog:1:1: section 'items' is never closed"))
        #expect(error.description.contains("{{#items}}"))
    }

    @Test("a missing partial renders empty by default")
    func missingPartialLenient() throws {
        let library = try MustacheLibrary(templates: ["page": "[{{>nope}}]"])
        #expect(try library.render("page", [:]) == "[]")
    }

    @Test("a missing partial is an error in strict mode, located at the partial tag")
    func missingPartialStrict() throws {
        let library = try MustacheLibrary(templates: ["page": "a\n  {{>nope}}"], strictPartials: true)
        let error = try #require(throws: MustacheError.self) { try library.render("page", [:]) }
        #expect(error.kind == .missingPartial("nope"))
        #expect(error.line == 2)
        #expect(error.column == 3)
    }

    @Test("a missing variable is an error in strict mode, in the partial where it is used")
    func missingVariableStrict() throws {
        let library = try MustacheLibrary(
            templates: ["page": "{{>card}}", "card": "<b>{{title}}</b>\n<i>{{price}}</i>"], strictVariables: true)
        let error = try #require(throws: MustacheError.self) { try library.render("page", ["title": "Pear"]) }
        #expect(error.kind == .missingVariable("price"))
        #expect(error.templateName == "card")
        #expect(error.line == 2)
        #expect(error.column == 4)
    }

    @Test("a missing variable in a lambda's output is located in that output, not in the template around it",
          arguments: ["{{#lambda}}{{/lambda}}", "{{lambda}}"])
    func missingVariableInLambdaOutput(page: String) throws {
        let library = try MustacheLibrary(templates: ["page": "first line\n" + page], strictVariables: true)
        let lambda = MustacheLambda { _ in "ok\n  {{missing}}" }
        let error = try #require(throws: MustacheError.self) { try library.render("page", ["lambda": .lambda(lambda)]) }
        #expect(error.kind == .missingVariable("missing"))
        #expect(error.templateName == "page (lambda)")
        #expect(error.line == 2)
        #expect(error.column == 3)
        #expect(error.excerpt == "  {{missing}}")
    }

    @Test("a missing variable in a block override is located in the template that wrote the override")
    func missingVariableInOverride() throws {
        let library = try MustacheLibrary(
            templates: ["page": "{{<layout}}\n{{$content}}\nhello\n  {{missing}}\n{{/content}}\n{{/layout}}",
                        "layout": "<main>\n{{$content}}{{/content}}\n</main>"],
            strictVariables: true)
        let error = try #require(throws: MustacheError.self) { try library.render("page", [:]) }
        #expect(error.kind == .missingVariable("missing"))
        #expect(error.templateName == "page")
        #expect(error.line == 4)
        #expect(error.column == 3)
    }

    @Test("rendering a name the library does not hold is an unknown template error")
    func unknownTemplate() throws {
        let library = try MustacheLibrary(templates: ["page": "x"])
        let error = try #require(throws: MustacheError.self) { try library.render("nope", [:]) }
        #expect(error.kind == .unknownTemplate("nope"))
    }

    @Test("unbounded partial recursion stops with an error instead of crashing")
    func runawayRecursion() throws {
        let library = try MustacheLibrary(templates: ["loop": "x{{>loop}}"])
        let error = try #require(throws: MustacheError.self) { try library.render("loop", [:]) }
        #expect(error.kind == .recursionTooDeep("loop"))
    }
}
