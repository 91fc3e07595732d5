extension Logger {
    /// The key/value pairs of one event, in the order written (`method=GET path=/ status=200`).
    ///
    /// Keys are meant to be `[a-z0-9_]`; a handler writing lines replaces anything else, so a key can no more
    /// break a line than a value can. Written as a dictionary literal: `["order_id": .string(id), "total": 12900]`.
    public struct Metadata: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
        public typealias Element = (key: String, value: MetadataValue)
        /// Kept as the literal's own array, so a log call copies nothing (the access log builds one per request).
        private var pairs: [(String, MetadataValue)]

        public init(dictionaryLiteral elements: (String, MetadataValue)...) {
            pairs = elements
        }

        public var isEmpty: Bool { pairs.isEmpty }
        public var count: Int { pairs.count }
        public func makeIterator() -> Iterator { Iterator(base: pairs.makeIterator()) }

        public struct Iterator: IteratorProtocol {
            var base: IndexingIterator<[(String, MetadataValue)]>
            public mutating func next() -> Element? { base.next().map { (key: $0.0, value: $0.1) } }
        }

        /// The value of the first pair named `key`; setting replaces it, or appends a new pair.
        public subscript(key: String) -> MetadataValue? {
            get { pairs.first { $0.0 == key }?.1 }
            set {
                let index = pairs.firstIndex { $0.0 == key }
                switch (index, newValue) {
                case (let index?, let value?): pairs[index].1 = value
                case (let index?, nil): pairs.remove(at: index)
                case (nil, let value?): pairs.append((key, value))
                case (nil, nil): break
                }
            }
        }

        public mutating func append(contentsOf other: Metadata) { pairs.append(contentsOf: other.pairs) }

        public static func == (lhs: Metadata, rhs: Metadata) -> Bool {
            lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        }
    }

    /// One metadata value, kept typed until the handler writes it. A string may hold anything (newlines,
    /// quotes, text from a request): escaping it is the handler's job, never the caller's.
    public enum MetadataValue: Sendable, Equatable, CustomStringConvertible,
                               ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral {
        case string(String)
        case int(Int)
        /// A non-negative measure written with two decimals (`0.07`), as the access log's `duration_ms`.
        case twoDecimals(Double)

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int) { self = .int(value) }

        /// The value as text, unescaped.
        public var description: String {
            switch self {
            case .string(let text): text
            case .int(let number): String(number)
            case .twoDecimals(let number): LogLine.twoDecimals(number)
            }
        }
    }
}
