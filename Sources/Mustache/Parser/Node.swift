/// A dotted name as written in a tag: `product.price`, or `.` for the current item.
struct Name: Sendable {
    /// The first part, looked up down the context stack; `nil` for the implicit iterator `.`.
    let first: String?
    /// The remaining parts, looked up inside what the first one found.
    let rest: [String]
    let text: String

    init(_ text: String) {
        self.text = text
        let parts = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        first = parts.first
        rest = Array(parts.dropFirst())
    }
}

/// One element of a compiled template. Compound tags hold their children as arrays, so rendering walks
/// arrays of enums and touches no dictionary of the template itself.
enum Node: Sendable {
    case text([UInt8])
    case variable(VariableNode)
    case section(SectionNode)
    case partial(PartialNode)
    case parent(ParentNode)
    case block(BlockNode)
}

final class VariableNode: Sendable {
    let name: Name
    let escaped: Bool
    /// Byte offset of the tag, for strict-mode errors.
    let offset: Int

    init(name: Name, escaped: Bool, offset: Int) {
        self.name = name
        self.escaped = escaped
        self.offset = offset
    }
}

final class SectionNode: Sendable {
    let name: Name
    let inverted: Bool
    let isStandalone: Bool
    let nodes: [Node]
    /// The unrendered source between the tags, handed to lambdas. A slice shares the template's source: a copy
    /// per section made memory quadratic in the nesting depth (233 MB for 6,000 levels of a 72 KB template).
    let rawBody: ArraySlice<UInt8>
    let delimiters: Delimiters
    /// Byte offset of the opening tag, for render errors.
    let offset: Int

    init(name: Name, inverted: Bool, isStandalone: Bool, nodes: [Node], rawBody: ArraySlice<UInt8>,
         delimiters: Delimiters, offset: Int) {
        self.name = name
        self.inverted = inverted
        self.isStandalone = isStandalone
        self.nodes = nodes
        self.rawBody = rawBody
        self.delimiters = delimiters
        self.offset = offset
    }
}

/// Where a partial or parent gets its template from.
enum TemplateReference: Sendable {
    case fixed(String)
    /// `{{>*name}}`: the context value at `name` is the template's name.
    case dynamic(Name)
}

final class PartialNode: Sendable {
    let reference: TemplateReference
    let isStandalone: Bool
    let indent: [UInt8]
    let offset: Int

    init(reference: TemplateReference, isStandalone: Bool, indent: [UInt8], offset: Int) {
        self.reference = reference
        self.isStandalone = isStandalone
        self.indent = indent
        self.offset = offset
    }
}

/// `{{<layout}}…{{/layout}}`: a partial whose blocks are replaced by the ones given inside the tag.
final class ParentNode: Sendable {
    let partial: PartialNode
    let overrides: [String: BlockNode]

    init(partial: PartialNode, overrides: [String: BlockNode]) {
        self.partial = partial
        self.overrides = overrides
    }
}

/// `{{$name}}default{{/name}}`: a replaceable region.
final class BlockNode: Sendable {
    let name: String
    let nodes: [Node]
    let isStandalone: Bool
    /// Indentation added to every line of whatever the block expands to.
    let indent: [UInt8]
    /// Set when the block opened and closed on one standalone line: its expansion keeps that line ending.
    let lineEnding: [UInt8]?
    /// Byte offset of the opening tag, for render errors.
    let offset: Int

    init(name: String, nodes: [Node], isStandalone: Bool, indent: [UInt8], lineEnding: [UInt8]?, offset: Int) {
        self.name = name
        self.nodes = nodes
        self.isStandalone = isStandalone
        self.indent = indent
        self.lineEnding = lineEnding
        self.offset = offset
    }
}

/// A parsed template: what every render of it walks.
final class CompiledTemplate: Sendable {
    let name: String
    let nodes: [Node]
    /// Kept to locate runtime errors (strict mode) by line and column.
    let source: [UInt8]

    init(name: String, nodes: [Node], source: [UInt8]) {
        self.name = name
        self.nodes = nodes
        self.source = source
    }
}
