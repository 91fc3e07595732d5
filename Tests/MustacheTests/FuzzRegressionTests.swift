import Mustache
import Testing
import TestSupport

/// Replays the Mustache fuzz target's kept inputs (Tests/Fuzz): each compiles and renders, or fails with a place.
@Suite("Fuzz inputs kept for the template compiler")
struct FuzzRegressionTests {
    private static let context: MustacheValue = [
        "a": ["b": "<b>", "c": [1, 2]], "list": [["name": "사과"], ["name": "배"]], "name": "홍길동", "x": true,
    ]

    @Test("every kept template compiles and renders as its own partial, or fails at a line and column",
          arguments: FuzzInputs.of("mustache-compiler"))
    func templateInput(_ input: FuzzInputs.Input) {
        do {
            let template = try MustacheTemplate(string: String(decoding: input.bytes, as: UTF8.self), name: "fuzz")
            _ = try template.render(Self.context, partials: ["self": template, "a": template])
        } catch {
            #expect(error.line >= 1 && error.column >= 1)
        }
    }
}
