/// A value a template can read: the whole context of a render is one of these.
///
/// Built from literals (`["title": "Shop", "products": [...]]`), from JSON (`MustacheValue(json:)`), from any
/// `Encodable` (`MustacheValue(encoding:)`), or from a page model that answers keys itself
/// (`.model(_)`, see `MustacheRenderable`). Integers stay integers: `{{count}}` renders `3`, never `3.0`.
///
/// Falsy in sections (`{{#x}}` skipped, `{{^x}}` rendered): `false`, `null`, a missing key, an empty list,
/// an empty string, the number zero. Everything else is truthy.
public enum MustacheValue: Sendable {
    case string(String)
    /// Markup rendered earlier (a cached fragment): `{{{x}}}` / `{{&x}}` insert its bytes as they are, with no
    /// decoding into a `String` first; `{{x}}` escapes it like text. Truthy when not empty.
    case html([UInt8])
    case int(Int)
    case bool(Bool)
    case double(Double)
    case array([MustacheValue])
    case object([String: MustacheValue])
    /// A closure called when the tag is rendered; see `MustacheLambda`.
    indirect case lambda(MustacheLambda)
    /// A page model that resolves its own keys without building a dictionary.
    indirect case model(any MustacheRenderable)
    case null

    /// Wraps a page model.
    public init(_ model: some MustacheRenderable) { self = .model(model) }

    /// Whether a section over this value renders (see the type's documentation).
    public var isTruthy: Bool {
        switch self {
        case .bool(let value): return value
        case .null: return false
        case .array(let items): return !items.isEmpty
        case .string(let text): return !text.isEmpty
        case .html(let bytes): return !bytes.isEmpty
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .object, .lambda, .model: return true
        }
    }

    /// The value stored under `key` when this value is an object or a model; `nil` otherwise.
    @inline(__always)
    public func member(_ key: String) -> MustacheValue? {
        switch self {
        case .object(let fields): return fields[key]
        case .model(let model): return model.mustacheValue(forKey: key)
        default: return nil
        }
    }
}

/// A page model that answers template keys directly: the fast path for typed contexts.
///
/// Conforming types return the value for a key, or `nil` when they do not know it (the lookup then continues
/// down the context stack, as Mustache requires). Returning fresh `MustacheValue`s is cheap for strings and
/// integers; nested models return `.model(child)`.
public protocol MustacheRenderable: Sendable {
    /// The value for `key`, or `nil` when this model has no such key.
    func mustacheValue(forKey key: String) -> MustacheValue?
}

/// A closure placed in the context: Mustache's lambdas.
///
/// As `{{name}}` it is called with an empty string and its result is rendered as a template (default
/// delimiters) against the current context, then escaped like any value. As `{{#name}}…{{/name}}` it is
/// called with the section's unrendered text and its result is rendered with the delimiters in force at
/// the section. In `{{^name}}` it is simply truthy and is not called.
public struct MustacheLambda: Sendable {
    let body: @Sendable (String) -> String

    /// Wraps `body`, which receives the section's raw text (empty for an interpolation).
    public init(_ body: @escaping @Sendable (_ sectionText: String) -> String) {
        self.body = body
    }
}

extension MustacheValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: MustacheValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
