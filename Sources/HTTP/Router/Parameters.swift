/// Name–value pairs from a query string or a form body, in the order sent; a name may repeat
/// (`?tag=a&tag=b`).
public struct Parameters: Sendable, Sequence {
    public private(set) var pairs: [(name: String, value: String)]

    public init(_ pairs: [(name: String, value: String)] = []) { self.pairs = pairs }

    /// The first value sent for `name`, or nil.
    public subscript(name: String) -> String? {
        for pair in pairs where pair.name == name { return pair.value }
        return nil
    }

    /// Every value sent for `name`, in order.
    public func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    public var isEmpty: Bool { pairs.isEmpty }
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { pairs.makeIterator() }

    /// Parses `application/x-www-form-urlencoded` text (also the query syntax): `&`-separated pairs, `+` as
    /// space, `%XX` escapes, UTF-8. Empty pieces are skipped and a name without `=` gets the empty value.
    /// With `strict`, a bad escape or invalid UTF-8 returns nil; otherwise that piece is kept as sent.
    static func parse<C: Collection>(urlEncoded bytes: C, strict: Bool) -> Parameters? where C.Element == UInt8 {
        var pairs: [(name: String, value: String)] = []
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let rawName = piece[..<(equals ?? piece.endIndex)]
            let rawValue = equals.map { piece[piece.index(after: $0)...] } ?? piece[piece.endIndex...]
            func decode(_ part: C.SubSequence) -> String? {
                if let decoded = PercentDecoding.decodeString(part, plusAsSpace: true) { return decoded }
                return strict ? nil : String(decoding: part, as: UTF8.self)
            }
            guard let name = decode(rawName), let value = decode(rawValue) else { return nil }
            pairs.append((name: name, value: value))
        }
        return Parameters(pairs)
    }
}

extension Request {
    /// The query string's parameters. Lenient by design, because a query is typed by people and links:
    /// a malformed `%` escape is kept as sent (`100%` stays `100%`) instead of failing the whole page.
    /// Use `strictQuery()` where a bad escape should be a 400.
    public var query: Parameters {
        Parameters.parse(urlEncoded: rawQuery.utf8, strict: false) ?? Parameters()
    }

    /// The query's parameters, or `HTTPError(.badRequest)` for a malformed escape or invalid UTF-8.
    public func strictQuery() throws(HTTPError) -> Parameters {
        guard let parameters = Parameters.parse(urlEncoded: rawQuery.utf8, strict: true) else {
            throw HTTPError(.badRequest, "The query string is malformed.")
        }
        return parameters
    }

    /// The body as an `application/x-www-form-urlencoded` form. Throws `415` for another content type or a
    /// charset other than UTF-8, and `400` for a malformed escape or invalid UTF-8.
    public func form() throws(HTTPError) -> Parameters {
        guard let contentType = headers["Content-Type"] else {
            throw HTTPError(.unsupportedMediaType, "Expected a form submission.")
        }
        let parts = contentType.split(separator: ";").map { $0.trimmingSpaces().lowercased() }
        guard parts.first == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, "Expected a form submission.")
        }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: "\"")
            guard charset == "utf-8" else { throw HTTPError(.unsupportedMediaType, "Forms must be UTF-8.") }
        }
        guard let parameters = Parameters.parse(urlEncoded: body, strict: true) else {
            throw HTTPError(.badRequest, "The form data is malformed.")
        }
        return parameters
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var slice = self
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return slice
    }
}
