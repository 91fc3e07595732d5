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
    /// Entries that are not IP addresses are ignored (configuration validation names them first).
    public init(trustedProxies proxies: [String]) {
        trusted = Set(proxies.compactMap(Self.canonical))
    }

    /// Trusts no proxy: every request keeps its socket address.
    public static let none = ForwardedFor(trustedProxies: [])

    /// `request` with its client's address in `remoteAddress` when it came through a trusted proxy; else unchanged.
    public func resolve(_ request: Request) -> Request {
        guard !trusted.isEmpty, let peer = Self.canonical(request.remoteAddress), trusted.contains(peer),
              let client = client(forwardedFor: request.headers.values(for: "X-Forwarded-For")) else { return request }
        var forwarded = request
        forwarded.remoteAddress = client
        return forwarded
    }

    /// The right-most address of the (possibly repeated) header that is not a trusted proxy; nil when there is
    /// none or the entry found there is not an IP address.
    func client(forwardedFor values: [String]) -> String? {
        let entries = values.flatMap { $0.split(separator: ",") }.map { String($0.trimmingSpaces()) }
        for entry in entries.reversed() {
            guard let address = Self.canonical(entry) else { return nil }
            if !trusted.contains(address) { return address }
        }
        return nil
    }

    /// Whether `text` is an IPv4 or IPv6 address in its usual notation (no port, no brackets, no zone).
    public static func isIPAddress(_ text: String) -> Bool { canonical(text) != nil }

    /// `text` spelled the way the server spells peers (inet_ntop's form, so `0:0::1` is `::1`), with an IPv4
    /// address mapped into IPv6 (`::ffff:10.0.0.5`, how a dual-stack listener sees an IPv4 peer) as plain IPv4,
    /// so one entry in the configuration matches however the connection arrived. Nil when not an IP address.
    public static func canonical(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafePointer(to: &v4) { SocketAddress.text(family: AF_INET, address: $0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        return withUnsafePointer(to: &v6) { SocketAddress.text(family: AF_INET6, address: $0) }
    }
}
