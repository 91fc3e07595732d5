import Foundation
import Mustache
import Testing

@Suite("Context values")
struct ValueTests {
    private func render(_ source: String, _ context: MustacheValue) throws -> String {
        try MustacheTemplate(string: source).render(context)
    }

    @Test("JSON integers stay integers and fractions stay fractions")
    func jsonNumbers() throws {
        let context = try MustacheValue(json: Data(#"{"count": 3, "big": 1700000, "ratio": 1.5, "flag": true}"#.utf8))
        #expect(try render("{{count}} {{big}} {{ratio}} {{flag}}", context) == "3 1700000 1.5 true")
    }

    @Test("pre-rendered HTML bytes go in as they are with triple braces, escaped with double, and are truthy when not empty")
    func htmlBytes() throws {
        let context: MustacheValue = ["fragment": .html(Array("<b>굵게</b>".utf8)), "none": .html([])]
        #expect(try render("{{{fragment}}}|{{&fragment}}|{{fragment}}", context) == "<b>굵게</b>|<b>굵게</b>|&lt;b&gt;굵게&lt;/b&gt;")
        #expect(try render("{{#fragment}}yes{{/fragment}}{{^none}}empty{{/none}}", context) == "yesempty")
    }

    @Test("invalid JSON is an invalid data error")
    func invalidJSON() throws {
        let error = try #require(throws: MustacheError.self) { try MustacheValue(json: Data("{".utf8)) }
        guard case .invalidData = error.kind else {
            Issue.record("expected invalidData, got \(error.kind)")
            return
        }
    }

    @Test("an Encodable page model becomes a context with its coding keys")
    func encodable() throws {
        struct Card: Encodable {
            let name: String
            let price: Int
            let tags: [String]
        }
        let context = try MustacheValue(encoding: Card(name: "Pear", price: 3000, tags: ["fresh", "local"]))
        #expect(try render("{{name}} {{price}} {{#tags}}<{{.}}>{{/tags}}", context) == "Pear 3000 <fresh><local>")
    }

    @Test("a MustacheRenderable model answers keys and lets misses fall through the stack")
    func renderableModel() throws {
        struct Product: MustacheRenderable {
            let name: String
            func mustacheValue(forKey key: String) -> MustacheValue? {
                key == "name" ? .string(name) : nil
            }
        }
        let context: MustacheValue = ["shop": "Store", "products": [.model(Product(name: "Pear")), .model(Product(name: "Fig"))]]
        #expect(try render("{{#products}}{{name}}@{{shop}} {{/products}}", context) == "Pear@Store Fig@Store ")
    }

    @Test("escaping covers ampersand, angle brackets, both quotes; triple mustache does not escape")
    func escaping() throws {
        let context: MustacheValue = ["text": #"<a href="x">Tom & Jerry's</a>"#]
        #expect(try render("{{text}}", context) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(try render("{{{text}}}|{{&text}}", context) == #"<a href="x">Tom & Jerry's</a>|<a href="x">Tom & Jerry's</a>"#)
    }

    @Test("empty strings and zero are falsy in sections")
    func falsyValues() throws {
        let context: MustacheValue = ["empty": "", "zero": 0, "one": 1]
        #expect(try render("{{#empty}}E{{/empty}}{{^zero}}Z{{/zero}}{{#one}}O{{/one}}", context) == "ZO")
    }

    @Test("multi-byte text passes through escaping intact")
    func unicode() throws {
        #expect(try render("{{name}}", ["name": "유기농 배 <한정>"]) == "유기농 배 &lt;한정&gt;")
    }
}
