/// Why a template could not be compiled or rendered, and where.
///
/// `templateName`, `line` and `column` (1-based, counted in characters) point at the offending tag and
/// `excerpt` holds that source line, so a message can be acted on without opening a debugger. Errors about
/// data or files rather than template text carry `line == 0`.
public struct MustacheError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong; callers branch on this rather than parsing `description`.
    public enum Kind: Sendable, Equatable {
        /// An opening delimiter without its closing delimiter.
        case unclosedTag
        /// A tag with nothing in it, such as `{{}}` or `{{#}}`.
        case emptyTag
        /// `{{#name}}`, `{{^name}}`, `{{<name}}` or `{{$name}}` never closed.
        case unclosedSection(String)
        /// A close tag naming a different section than the one open.
        case mismatchedClose(expected: String, found: String)
        /// A close tag with no section open.
        case unexpectedClose(String)
        /// A `{{=… …=}}` tag that does not hold two delimiters.
        case badDelimiters(String)
        /// A partial or parent that is not in the set (strict partials only).
        case missingPartial(String)
        /// A variable absent from the context (strict variables only).
        case missingVariable(String)
        /// `render` was asked for a template the library does not hold.
        case unknownTemplate(String)
        /// Sections, partials, blocks or lambdas entered deeper than `MustacheLimits.renderDepth` while rendering:
        /// almost always a partial or lambda that includes itself. Carries the tag's name.
        case recursionTooDeep(String)
        /// A section, parent or block opened more than `MustacheLimits.nesting` deep in one template.
        case nestingTooDeep(String)
        /// A context could not be built from JSON or an `Encodable`.
        case invalidData(String)
        /// A template file or folder could not be read.
        case unreadable(path: String, reason: String)
    }

    public let kind: Kind
    public let templateName: String
    public let line: Int
    public let column: Int
    public let excerpt: String

    public init(_ kind: Kind, templateName: String, line: Int = 0, column: Int = 0, excerpt: String = "") {
        self.kind = kind
        self.templateName = templateName
        self.line = line
        self.column = column
        self.excerpt = excerpt
    }

    /// Locates `offset` (a byte index into `source`) and quotes its line.
    init(_ kind: Kind, templateName: String, source: [UInt8], offset: Int) {
        let clamped = max(0, min(offset, source.count))
        var line = 1
        var lineStart = 0
        for index in 0..<clamped where source[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        var lineEnd = clamped
        while lineEnd < source.count, source[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        let before = String(decoding: source[lineStart..<clamped], as: UTF8.self)
        var excerpt = String(decoding: source[lineStart..<lineEnd], as: UTF8.self)
        if excerpt.hasSuffix("\r") { excerpt.removeLast() }
        if excerpt.count > 120 { excerpt = String(excerpt.prefix(117)) + "..." }
        self.init(kind, templateName: templateName, line: line, column: before.count + 1, excerpt: excerpt)
    }

    public var description: String {
        let location = line > 0 ? "\(templateName):\(line):\(column)" : templateName
        let quote = excerpt.isEmpty ? "" : "\n    \(excerpt)"
        return "\(location): \(message)\(quote)"
    }

    private var message: String {
        switch kind {
        case .unclosedTag: return "tag is not closed"
        case .emptyTag: return "tag is empty"
        case .unclosedSection(let name): return "section '\(name)' is never closed"
        case .mismatchedClose(let expected, let found): return "'{{/\(found)}}' closes '\(expected)', which is still open"
        case .unexpectedClose(let name): return "'{{/\(name)}}' closes nothing"
        case .badDelimiters(let content): return "bad delimiter change '\(content)': expected two delimiters separated by a space"
        case .missingPartial(let name): return "partial '\(name)' not found"
        case .missingVariable(let name): return "variable '\(name)' is missing from the context"
        case .unknownTemplate(let name): return "no template named '\(name)'"
        case .recursionTooDeep(let name):
            return "'\(name)' is entered more than \(MustacheLimits.renderDepth) levels deep while rendering "
                + "(a partial or lambda that includes itself?)"
        case .nestingTooDeep(let name):
            return "'\(name)' opens level \(MustacheLimits.nesting + 1): a template nests at most \(MustacheLimits.nesting) "
                + "sections, parents and blocks"
        case .invalidData(let reason): return "invalid context data: \(reason)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        }
    }
}
