import Mustache
import Testing

@Suite("The official Mustache spec")
struct SpecTests {
    @Test("the spec folder is found next to the repository and holds all 194 cases")
    func specFilesArePresent() throws {
        let folder = try #require(SpecFiles.folder, "expected the spec files in Tests/MustacheTests/Spec")
        var count = 0
        for file in SpecFiles.fileNames {
            count += try SpecFiles.cases(in: folder, file: file).count
        }
        #expect(count == 194)
    }

    @Test("a spec case renders exactly its expected output", arguments: SpecFiles.allCases())
    func specCase(_ specCase: SpecCase) throws {
        var partials: [String: MustacheTemplate] = [:]
        for (name, text) in specCase.partials {
            partials[name] = try MustacheTemplate(string: text, name: name)
        }
        let template = try MustacheTemplate(string: specCase.template, name: specCase.name)
        let actual = try template.render(specCase.data, partials: partials)
        #expect(
            actual == specCase.expected,
            """
            template: \(String(reflecting: specCase.template))
            data:     \(specCase.dataJSON)
            partials: \(String(reflecting: specCase.partials))
            expected: \(String(reflecting: specCase.expected))
            actual:   \(String(reflecting: actual))
            """)
    }
}
