import HTTP
import Metrics

/// Counts and times every request by the route pattern that answered it (`/products/:id`, never the raw path),
/// its method and status. Installed with `Router.wrap` after the routes are added, so it sees the whole chain,
/// error pages included.
///
/// Guarantees: the label sets are bounded by the code: registered patterns, `/public/*`, `/media/*` and `/metrics` (answered by
/// middleware in front of the session) and `unmatched` for everything else (404s, 405s), under a method from a
/// closed list (`other` for the rest). Recording takes no lock: the handles are resolved here, once, and a status
/// outside the common ones resolves its counter on its first use only.
struct RequestMetrics: Middleware {
    /// One route (or the unmatched bucket) under one method: its latency and a counter per common status.
    final class Series: Sendable {
        let duration: Histogram
        let statuses: [Counter]
        let family: MetricFamily<Counter>
        let route: String
        let method: String

        init(metrics: ShopMetrics, route: String, method: String) {
            duration = metrics.requestDuration.labels(route, method)
            statuses = RequestMetrics.commonStatuses.map { metrics.requests.labels(route, method, String($0)) }
            family = metrics.requests
            self.route = route
            self.method = method
        }

        func record(status: Int, since start: UInt64) {
            duration.observe(since: start)
            if status >= 0, status < RequestMetrics.slots.count, let slot = RequestMetrics.slots[status] {
                statuses[slot].increment()
            } else {
                // A status clamped to three digits keeps the label set bounded whatever a handler returns.
                family.labels(route, method, String(min(max(status, 100), 999))).increment()
            }
        }
    }

    static let commonStatuses = [200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 408, 409, 411, 413, 414, 415,
                                 422, 429, 431, 500, 501, 502, 503, 504, 505]
    static let slots: [Int?] = (0..<600).map { commonStatuses.firstIndex(of: $0) }
    static let methods: [HTTPMethod] = [.GET, .HEAD, .POST, .PUT, .PATCH, .DELETE, .OPTIONS]
    static let unmatchedRoute = "unmatched"
    /// Paths answered by middleware before the router, with the route name they are counted under.
    static let middlewareRoutes: [(name: String, matches: @Sendable (String) -> Bool)] = [
        ("/public/*", { $0.hasPrefix("/public/") }),
        ("/media/*", { $0.hasPrefix("/media/") }),
        (MetricsEndpoint.path, { $0 == MetricsEndpoint.path }),
    ]

    let routes: [Series]
    let unmatched: [Series]
    /// By `middlewareRoutes` index, then by method.
    let answeredByMiddleware: [[Series]]

    init(metrics: ShopMetrics, routes patterns: [(method: HTTPMethod, pattern: String)]) {
        routes = patterns.map { Series(metrics: metrics, route: $0.pattern, method: $0.method.rawValue) }
        let methodNames = Self.methods.map(\.rawValue) + ["other"]
        unmatched = methodNames.map { Series(metrics: metrics, route: Self.unmatchedRoute, method: $0) }
        answeredByMiddleware = Self.middlewareRoutes.map { route in
            methodNames.map { Series(metrics: metrics, route: route.name, method: $0) }
        }
    }

    func handle(_ request: Request, next: Handler) async throws -> Response {
        let note = RouteNote()
        var noted = request
        noted.routeNote = note
        let start = MonotonicClock.nanoseconds()
        do {
            let response = try await next(noted)
            series(note, request).record(status: response.status.code, since: start)
            return response
        } catch {
            // The server turns an error that escapes every middleware into a 500.
            series(note, request).record(status: 500, since: start)
            throw error
        }
    }

    private func series(_ note: RouteNote, _ request: Request) -> Series {
        if let index = note.routeIndex, index < routes.count { return routes[index] }
        let slot = Self.methods.firstIndex(of: request.method) ?? Self.methods.count
        let path = request.path
        guard let fixed = Self.middlewareRoutes.firstIndex(where: { $0.matches(path) }) else { return unmatched[slot] }
        return answeredByMiddleware[fixed][slot]
    }
}
