import Foundation
import Mustache
import Synchronization
import Testing

/// One case of the official Mustache spec, as read from the spec files at test time.
struct SpecCase: Sendable, CustomTestStringConvertible {
    let file: String
    let position: Int
    let name: String
    let template: String
    let data: MustacheValue
    let dataJSON: String
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(file) #\(position): \(name)" }
}

/// Finds and reads the spec files: the official mustache/spec JSON (MIT, see Spec/LICENSE), kept
/// unchanged in `Tests/MustacheTests/Spec` so the suite runs from any clean clone.
enum SpecFiles {
    static var folder: URL? {
        let candidate = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Spec")
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent("sections.json").path) ? candidate : nil
    }

    static let fileNames = [
        "comments", "delimiters", "interpolation", "inverted", "partials", "sections",
        "~inheritance", "~dynamic-names", "~lambdas",
    ]

    /// Every case; empty when the folder is missing (a separate test fails loudly on that).
    static func allCases() -> [SpecCase] {
        guard let folder else { return [] }
        return fileNames.flatMap { file in (try? cases(in: folder, file: file)) ?? [] }
    }

    static func cases(in folder: URL, file: String) throws -> [SpecCase] {
        let data = try Data(contentsOf: folder.appendingPathComponent(file + ".json"))
        let decoded = try JSONDecoder().decode(SpecFileContents.self, from: data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return decoded.tests.enumerated().map { position, test in
            let json = (try? encoder.encode(test.data)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
            return SpecCase(
                file: file, position: position + 1, name: test.name, template: test.template,
                data: file == "~lambdas" ? SpecLambdas.substitute(in: test.data, for: test.name) : test.data,
                dataJSON: json, partials: test.partials ?? [:], expected: test.expected)
        }
    }
}

private struct SpecFileContents: Decodable {
    struct Test: Decodable {
        let name: String
        let data: MustacheValue
        let template: String
        let partials: [String: String]?
        let expected: String
    }
    let tests: [Test]
}

/// Swift closures standing in for the code snippets of ~lambdas.json, keyed by case name.
enum SpecLambdas {
    static func substitute(in data: MustacheValue, for name: String) -> MustacheValue {
        guard case .object(var fields) = data, let lambda = lambda(named: name) else { return data }
        fields["lambda"] = .lambda(lambda)
        return .object(fields)
    }

    static func lambda(named name: String) -> MustacheLambda? {
        switch name {
        case "Interpolation": return MustacheLambda { _ in "world" }
        case "Interpolation - Expansion": return MustacheLambda { _ in "{{planet}}" }
        case "Interpolation - Alternate Delimiters": return MustacheLambda { _ in "|planet| => {{planet}}" }
        case "Interpolation - Multiple Calls":
            let calls = Mutex(0)
            return MustacheLambda { _ in
                String(calls.withLock { count in
                    count += 1
                    return count
                })
            }
        case "Escaping": return MustacheLambda { _ in ">" }
        case "Section": return MustacheLambda { text in text == "{{x}}" ? "yes" : "no" }
        case "Section - Expansion": return MustacheLambda { text in text + "{{planet}}" + text }
        case "Section - Alternate Delimiters": return MustacheLambda { text in text + "{{planet}} => |planet|" + text }
        case "Section - Multiple Calls": return MustacheLambda { text in "__" + text + "__" }
        case "Inverted Section": return MustacheLambda { _ in "" }
        default: return nil
        }
    }
}
