import Foundation

/// Contexts from JSON and from `Encodable` page models.
extension MustacheValue: Codable {
    /// Parses JSON; integers stay `.int`, other numbers become `.double`.
    public init(json: Data) throws(MustacheError) {
        do {
            self = try JSONDecoder().decode(MustacheValue.self, from: json)
        } catch {
            throw MustacheError(.invalidData(String(describing: error)), templateName: "JSON")
        }
    }

    /// Converts any `Encodable` through its JSON form (keys as its `CodingKeys` say). Convenient, not fast:
    /// hot pages should conform their model to `MustacheRenderable` instead.
    public init<T: Encodable>(encoding value: T) throws(MustacheError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(value)
        } catch {
            throw MustacheError(.invalidData(String(describing: error)), templateName: String(describing: T.self))
        }
        try self.init(json: data)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([MustacheValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: MustacheValue].self))
        }
    }

    /// Encodes data values; lambdas and models, which have no JSON form, encode as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .html(let bytes): try container.encode(String(decoding: bytes, as: UTF8.self))
        case .int(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .double(let number): try container.encode(number)
        case .array(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        case .lambda, .model, .null: try container.encodeNil()
        }
    }
}
