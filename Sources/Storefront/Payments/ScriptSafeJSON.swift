import Foundation

/// JSON that can sit inside `<script type="application/json">` in a page: encoded by JSONSerialization
/// (never by string building), then `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`, so no value
/// can close the script element or start a comment. The result parses to the same JSON.
public enum ScriptSafeJSON {
    public static func encode(_ object: [String: any Sendable]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var out = ""
        out.reserveCapacity(data.count + 16)
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
