import CLibXML2
import Glibc

/// Why a page could not be parsed.
public struct HTMLParseError: Error, CustomStringConvertible {
    public let byteCount: Int
    public var description: String { "libxml2 could not parse \(byteCount) bytes of HTML" }
}

/// A parsed HTML page for assertions with XPath. libxml2's HTML parser is forgiving the way browsers are;
/// the document is the only owner of its `xmlDoc` and frees it in `deinit`, and queries return value
/// snapshots, so no libxml2 pointer ever leaves this type.
public final class HTMLDocument {
    private let document: htmlDocPtr

    public init(html: String) throws(HTMLParseError) {
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                htmlReadMemory($0.baseAddress, Int32($0.count), "page.html", "UTF-8", options)
            }
        }
        guard let parsed else { throw HTMLParseError(byteCount: bytes.count) }
        document = parsed
    }

    public convenience init(_ response: TestResponse) throws(HTMLParseError) {
        try self.init(html: response.text)
    }

    deinit { xmlFreeDoc(document) }

    /// The nodes an XPath 1.0 expression selects, in document order; empty for no match or a bad expression.
    public func xpath(_ expression: String) -> [HTMLNode] {
        guard let context = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(context) }
        // A bad expression is answered with no nodes; without a handler of its own libxml2 also prints it to stderr.
        context.pointee.error = { _, _ in }
        let result = Array(expression.utf8CString).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: xmlChar.self) { xmlXPathEvalExpression($0.baseAddress, context) }
        }
        guard let result else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, let table = set.pointee.nodeTab else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in table[index].map(HTMLNode.init) }
    }

    /// The first node the expression selects.
    public func first(_ expression: String) -> HTMLNode? { xpath(expression).first }
}

/// A snapshot of one element (or attribute or text node): its name, its text content with descendants,
/// and its attributes.
public struct HTMLNode: Sendable {
    public let name: String
    public let text: String
    public let attributes: [String: String]

    public func attribute(_ name: String) -> String? { attributes[name] }

    init(_ node: xmlNodePtr) {
        name = node.pointee.name.map { String(cString: $0) } ?? ""
        text = Self.take(xmlNodeGetContent(node))
        var attributes: [String: String] = [:]
        if node.pointee.type == XML_ELEMENT_NODE {
            var attribute = node.pointee.properties
            while let current = attribute {
                if let attributeName = current.pointee.name {
                    attributes[String(cString: attributeName)] = Self.take(xmlGetProp(node, attributeName))
                }
                attribute = current.pointee.next
            }
        }
        self.attributes = attributes
    }

    /// Copies a libxml2-allocated string and frees it. libxml2's `xmlFree` is a mutable global Swift 6 will not
    /// read; nothing in this process replaces libxml2's allocator, so it is `free`.
    private static func take(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
