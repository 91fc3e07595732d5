/// A `Set-Cookie` to send (RFC 6265 §4.1). Defaults are the safe ones: `Path=/`, `HttpOnly`, `SameSite=Lax`.
/// `SameSite=None` always adds `Secure`, since browsers drop it otherwise. Name and value must be cookie
/// tokens and cookie-octets (callers encode anything else, e.g. base64url); bytes that could break out of
/// the header are removed rather than sent.
public struct SetCookie: Sendable {
    /// Whether the browser sends the cookie on cross-site requests (`Lax`: top-level navigations only).
    public enum SameSite: String, Sendable {
        case strict = "Strict"
        case lax = "Lax"
        case none = "None"
    }

    public var name: String
    public var value: String
    public var path: String
    /// Seconds until the browser forgets the cookie; 0 deletes it now; nil makes a session cookie.
    public var maxAge: Int?
    public var httpOnly: Bool
    public var secure: Bool
    public var sameSite: SameSite?

    public init(name: String, value: String, path: String = "/", maxAge: Int? = nil, httpOnly: Bool = true,
                secure: Bool = false, sameSite: SameSite? = .lax) {
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.httpOnly = httpOnly
        self.secure = secure
        self.sameSite = sameSite
    }

    /// A cookie that tells the browser to delete `name` at once.
    public static func expired(_ name: String, path: String = "/") -> SetCookie {
        SetCookie(name: name, value: "", path: path, maxAge: 0)
    }

    /// The `Set-Cookie` field value.
    public var headerValue: String {
        var text = "\(Self.clean(name, allowing: ByteClass.isTokenChar))=\(Self.clean(value, allowing: Self.isCookieOctet))"
        text += "; Path=\(Self.clean(path) { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") })"
        if let maxAge { text += "; Max-Age=\(max(0, maxAge))" }
        if httpOnly { text += "; HttpOnly" }
        if secure || sameSite == SameSite.none { text += "; Secure" }
        if let sameSite { text += "; SameSite=\(sameSite.rawValue)" }
        return text
    }

    /// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
            || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
    }

    private static func clean(_ text: String, allowing allowed: (UInt8) -> Bool) -> String {
        if text.utf8.allSatisfy(allowed) { return text }
        return String(decoding: text.utf8.filter(allowed), as: UTF8.self)
    }
}

extension Response {
    /// Adds a `Set-Cookie` field; several cookies give several fields.
    public mutating func setCookie(_ cookie: SetCookie) {
        headers.add("Set-Cookie", cookie.headerValue)
    }
}

extension Request {
    /// Cookies the browser sent, from every `Cookie` field: `name=value` pairs split on `;`, surrounding
    /// whitespace and one pair of double quotes removed. Pieces without `=` or with an empty name are skipped;
    /// when a name repeats, the first (the most specific path, per RFC 6265 §5.4) wins.
    public var cookies: [String: String] {
        var cookies: [String: String] = [:]
        for field in headers.values(for: "Cookie") {
            for piece in field.split(separator: ";") {
                guard let equals = piece.firstIndex(of: "=") else { continue }
                let name = piece[..<equals].trimmingSpaces()
                var value = piece[piece.index(after: equals)...].trimmingSpaces()
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                guard !name.isEmpty, cookies[String(name)] == nil else { continue }
                cookies[String(name)] = String(value)
            }
        }
        return cookies
    }
}
