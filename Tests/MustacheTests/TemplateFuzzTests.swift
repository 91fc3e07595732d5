import Mustache
import Testing
import TestSupport

/// Pieces templates are made of, including the ones that break them: sigils, half tags, delimiter
/// changes, dotted and dynamic names, standalone lines, non-ASCII text.
private let pieces = [
    "{{", "}}", "{{{", "}}}", "{{#", "{{/", "{{^", "{{>", "{{<", "{{$", "{{&", "{{!", "{{=", "=}}", "{{*",
    "a", "b", "a.b", ".", "list", "name", "layout", "x", " ", "\n", "\r\n", "  ", "<%", "%>", "{{=<% %>=}}",
    "상품", "<script>", "&", "\"", "|", "#", "/", "^", ">", "<", "$", "=", "!", "{", "}",
]

private let context: MustacheValue = [
    "a": ["b": "<b>", "c": [1, 2]], "list": [["name": "사과"], ["name": "배"]], "name": "홍길동", "x": true,
    "layout": "{{a.b}}", ".": "dot",
]

@Suite("Templates under mangled input")
struct TemplateFuzzTests {
    @Test("thousands of random templates either compile and render, or fail with a located error; never crash",
          arguments: 0..<4)
    func randomTemplates(batch: UInt64) throws {
        var random = SeededGenerator(state: 0x7E3F_1A7E + batch)
        let partial = try MustacheTemplate(string: "[{{name}}{{$x}}default{{/x}}]", name: "layout")
        for round in 0..<1_000 {
            let text = (0..<Int.random(in: 1...24, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            let lines = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
            do {
                let template = try MustacheTemplate(string: text, name: "fuzz")
                _ = try template.render(context, partials: ["layout": partial, "a": template])
            } catch {
                #expect(error.templateName == "fuzz", "batch \(batch) round \(round): \(text.debugDescription)")
                #expect(error.line >= 1 && error.line <= lines, "batch \(batch) round \(round): line \(error.line) of \(lines) in \(text.debugDescription)")
                #expect(error.column >= 1, "batch \(batch) round \(round): \(text.debugDescription)")
            }
        }
    }
}
