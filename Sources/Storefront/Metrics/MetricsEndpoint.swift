import HTTP
import Metrics

/// Answers `GET /metrics` (and HEAD) with the registry's Prometheus text, ahead of the session so a scrape sets no
/// cookie and touches no session store.
///
/// Guarantees, the guard README "Metrics" documents:
/// - With `server.metricsToken` set, only a request whose `Authorization` is `Bearer <token>` (compared in time that
///   depends only on the lengths) is answered; any other gets `401` with an empty body and `WWW-Authenticate: Bearer`,
///   whatever its address.
/// - Without a token, only a request from a loopback address that no proxy relayed (no `X-Forwarded-For`,
///   `Forwarded` or `X-Real-IP`) is answered; any other gets the shop's ordinary 404, as if the path did not exist.
/// - Other methods get `405` with `Allow: GET, HEAD`. The token is never logged or echoed.
struct MetricsEndpoint: Middleware {
    static let path = "/metrics"
    let registry: MetricsRegistry
    let token: String?

    func handle(_ request: Request, next: Handler) async throws -> Response {
        guard request.path == Self.path else { return try await next(request) }
        if let token {
            guard let sent = Self.bearer(request.headers["Authorization"]), SecureToken.constantTimeEquals(sent, token) else {
                return Response(status: .unauthorized, headers: ["WWW-Authenticate": "Bearer"])
            }
        } else if !Self.isLocalScrape(request) {
            return Response(status: .notFound)
        }
        guard request.method == .GET || request.method == .HEAD else {
            return Response(status: .methodNotAllowed, headers: ["Allow": "GET, HEAD"])
        }
        return Response(status: .ok, headers: ["Content-Type": MetricsRegistry.contentType, "Cache-Control": "no-store"],
                        body: Array(await registry.exposition().utf8))
    }

    /// The credentials of `Bearer <credentials>` (the scheme is case-insensitive, RFC 9110 §11.1).
    static func bearer(_ authorization: String?) -> String? {
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else { return nil }
        return String(authorization.dropFirst(7))
    }

    /// From this machine and not through a proxy on it: a proxy on loopback would otherwise expose the page to anyone.
    static func isLocalScrape(_ request: Request) -> Bool {
        guard ["X-Forwarded-For", "Forwarded", "X-Real-IP"].allSatisfy({ request.headers[$0] == nil }),
              let address = ForwardedFor.canonical(request.remoteAddress) else { return false }
        return address == "::1" || address.hasPrefix("127.")
    }
}
