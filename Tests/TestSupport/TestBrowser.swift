import HTTP

/// A tiny browser for page tests: keeps cookies like a browser would (by name, honouring `Max-Age=0`),
/// sends them back, and follows redirects (301/302/303 become GET, 307/308 keep method and body).
public final class TestBrowser {
    public let port: Int
    /// The cookie jar, name to value.
    public private(set) var cookies: [String: String] = [:]
    /// The path of the last page reached, after redirects.
    public private(set) var currentPath = "/"
    public var maxRedirects = 10
    /// Sends every request on one kept-alive connection, as a browser does (a fresh one when the server closed
    /// it); off by default, so a page test sees each request on a connection of its own.
    public var keepAlive = false
    private var connection: TestHTTPClient?

    public init(port: Int) { self.port = port }

    public func get(_ path: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await request("GET", path, headers: headers)
    }

    /// Posts `application/x-www-form-urlencoded` fields, as an HTML form would.
    public func post(_ path: String, form: [(String, String)], headers: [(String, String)] = []) async throws -> TestResponse {
        try await request("POST", path, headers: headers + [("Content-Type", "application/x-www-form-urlencoded")],
                          body: Array(Self.formEncode(form).utf8))
    }

    public func request(_ method: String, _ path: String, headers: [(String, String)] = [],
                        body: [UInt8] = []) async throws -> TestResponse {
        var method = method, path = path, headers = headers, body = body
        for _ in 0...maxRedirects {
            var sent = headers
            if !cookies.isEmpty {
                sent.append(("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")))
            }
            let response = try await send(method, path, headers: sent, body: body)
            for value in response.headers.values(for: "Set-Cookie") { store(setCookie: value) }
            currentPath = path
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["Location"] else {
                return response
            }
            path = Self.localPath(location)
            if response.status != 307 && response.status != 308 {
                method = "GET"
                body = []
                headers.removeAll { $0.0.lowercased() == "content-type" }
            }
        }
        throw TestClientError.malformedResponse("more than \(maxRedirects) redirects")
    }

    private func send(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) async throws -> TestResponse {
        guard keepAlive else { return try await TestHTTPClient.request(port: port, method, path, headers: headers, body: body) }
        if let reused = connection {
            do {
                return try keep(after: await reused.request(method, path, headers: headers, body: body))
            } catch TestClientError.connectionClosed(let unread) where unread == 0 {
                // Closed by the server while idle, before a byte of an answer: a browser sends it again on a new one.
                connection = nil
            }
        }
        let fresh = try TestHTTPClient(port: port)
        connection = fresh
        return try keep(after: await fresh.request(method, path, headers: headers, body: body))
    }

    /// Keeps the connection for the next request unless the answer closes it.
    private func keep(after response: TestResponse) -> TestResponse {
        if response.headers["Connection"]?.lowercased() == "close" { connection = nil }
        return response
    }

    /// Sets a cookie directly, as if a page had set it.
    public func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    /// Percent-encodes form fields the way browsers do (space as `+`).
    public static func formEncode(_ fields: [(String, String)]) -> String {
        func encode(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                     UInt8(ascii: "*"):
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                case UInt8(ascii: " "):
                    out += "+"
                default:
                    out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
            }
            return out
        }
        return fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    private func store(setCookie value: String) {
        let parts = value.split(separator: ";")
        guard let first = parts.first, let equals = first.firstIndex(of: "=") else { return }
        let name = first[..<equals].trimmingCharacters(), cookieValue = first[first.index(after: equals)...].trimmingCharacters()
        let expired = parts.dropFirst().contains { part in
            let attribute = part.trimmingCharacters().lowercased()
            return attribute == "max-age=0" || attribute.hasPrefix("max-age=-")
        }
        if expired { cookies[name] = nil } else { cookies[name] = cookieValue }
    }

    private static func localPath(_ location: String) -> String {
        guard let scheme = location.range(of: "://") else { return location }
        let afterHost = location[scheme.upperBound...]
        guard let slash = afterHost.firstIndex(of: "/") else { return "/" }
        return String(afterHost[slash...])
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        var slice = self
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
