/// The opening and closing delimiters in force at a point of a template.
struct Delimiters: Sendable {
    var open: [UInt8]
    var close: [UInt8]

    static let standard = Delimiters(open: Array("{{".utf8), close: Array("}}".utf8))
}

/// One piece of template source as the tokenizer sees it, before nesting.
///
/// Text tokens never span a line break: each ends at a `\n` or at the next tag, which lets the standalone
/// pass reason about whole lines.
struct Token {
    enum Kind: Equatable {
        case text
        case variable(escaped: Bool)
        case section(inverted: Bool)
        case close
        case comment
        case partial
        case parent
        case block
        case delimiters
    }

    var kind: Kind
    /// The text of a text token: a slice of the source, so cutting text at every line allocates nothing.
    var bytes: ArraySlice<UInt8> = []
    /// The tag's content with the sigil, `*` and surrounding whitespace removed.
    var content: String = ""
    /// `{{>*name}}` / `{{<*name}}`: the content is looked up in the context.
    var isDynamic = false
    /// Byte offsets of the whole tag in the source.
    var start: Int
    var end: Int
    /// Delimiters in force after this tag (what a section lambda's text is parsed with).
    var delimiters: Delimiters = .standard
    /// The tag's line holds only tags and whitespace, so the line is removed from the output.
    var isStandalone = false
    /// Whitespace that preceded a standalone tag on its line.
    var indent: [UInt8] = []
    /// For a block: indentation its content is rendered with (see `BlockIndentation`).
    var blockIndent: [UInt8] = []
    /// For a block opened and closed on one standalone line: the line ending the line removal took away.
    var lineEnding: [UInt8]? = nil

    var isText: Bool { kind == .text }

    /// Tags that produce no output themselves and so may stand alone on a line.
    var canStandAlone: Bool {
        switch kind {
        case .text, .variable: return false
        default: return true
        }
    }

    /// Tags closed by a later `{{/name}}`.
    var opensSection: Bool {
        switch kind {
        case .section, .parent, .block: return true
        default: return false
        }
    }
}

extension UInt8 {
    @inline(__always) var isInlineSpace: Bool { self == 0x20 || self == 0x09 }
    @inline(__always) var isWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
