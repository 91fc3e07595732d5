import Foundation

/// A configuration problem found at startup, naming the key path (`server.port`) and what is wrong.
/// Its description is the one line the operator sees before the process exits.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Where the value came from: a file path, or the environment variable's name.
    public let source: String
    /// Dotted key path inside the source, e.g. `cache.plugin`; empty for the whole file.
    public let keyPath: String
    public let problem: String

    public init(source: String, keyPath: String, problem: String) {
        self.source = source
        self.keyPath = keyPath
        self.problem = problem
    }

    public var description: String {
        keyPath.isEmpty ? "config error in \(source): \(problem)" : "config error in \(source): \(keyPath): \(problem)"
    }

    /// Rewrites a `DecodingError` from JSONDecoder into one line that names the key.
    static func from(_ error: DecodingError, source: String) -> ConfigError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ConfigError(source: source, keyPath: path(context.codingPath), problem: "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return ConfigError(source: source, keyPath: path(context.codingPath), problem: "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return ConfigError(source: source, keyPath: path(context.codingPath + [key]), problem: "missing required key")
        case .dataCorrupted(let context):
            // An empty path means the bytes themselves did not parse; anything deeper is our own check.
            let problem = context.codingPath.isEmpty ? "not valid JSON (\(context.debugDescription))" : context.debugDescription
            return ConfigError(source: source, keyPath: path(context.codingPath), problem: problem)
        @unknown default:
            return ConfigError(source: source, keyPath: "", problem: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        case is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
