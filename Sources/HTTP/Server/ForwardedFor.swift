import Glibc

/// Which peers may say who the client is: the proxies in front of the server (a TLS terminator, a load balancer).
/// The server applies it to every request before the handler and the access log see it.
///
/// Guarantees: a request from any other peer keeps its socket address, whatever headers it sends, so nobody can
/// pick the address that throttles and logs see. Through a trusted proxy the client is the right-most address in
/// `X-Forwarded-For` that is not itself a trusted proxy (entries further left were written by the client and prove
/// nothing); a malformed entry there, or none at all, leaves the proxy's own address.
public struct ForwardedFor: Sendable {
    private let trusted: Set<String>

    /// `proxies`: the proxies' addresses exactly as the server sees them (`127.0.0.1`, `10.0.0.5`, `::1`).
    public init(trustedProxies proxies: [String]) {
        trusted = Set(proxies)
    }

    /// Trusts no proxy: every request keeps its socket address.
    public static let none = ForwardedFor(trustedProxies: [])

    /// `request` with its client's address in `remoteAddress` when it came through a trusted proxy; else unchanged.
    public func resolve(_ request: Request) -> Request {
        guard !trusted.isEmpty, trusted.contains(request.remoteAddress),
              let client = client(forwardedFor: request.headers.values(for: "X-Forwarded-For")) else { return request }
        var forwarded = request
        forwarded.remoteAddress = client
        return forwarded
    }

    /// The right-most address of the (possibly repeated) header that is not a trusted proxy; nil when there is
    /// none or the entry found there is not an IP address.
    func client(forwardedFor values: [String]) -> String? {
        let entries = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpacesAndTabs() }
        for entry in entries.reversed() where !trusted.contains(entry) {
            return Self.isIPAddress(entry) ? entry : nil
        }
        return nil
    }

    /// Whether `text` is an IPv4 or IPv6 address in its usual notation (no port, no brackets, no zone).
    public static func isIPAddress(_ text: String) -> Bool {
        var buffer = in6_addr()
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }
}

private extension Substring {
    func trimmingSpacesAndTabs() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
