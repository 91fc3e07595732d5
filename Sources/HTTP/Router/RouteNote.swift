import Synchronization

/// Where the router notes which route answered a request, for code wrapped around it (metrics counting requests
/// by route pattern rather than by raw path). Attach one to `Request.routeNote` before the router dispatches.
///
/// Guarantees: `routeIndex` is the index in `Router.routes` of the route whose handler ran, or nil when none did
/// (a 404 or 405 from the router, or middleware that answered on its own).
public final class RouteNote: Sendable {
    private let index = Atomic<Int>(-1)

    public init() {}

    func matched(_ routeIndex: Int) { index.store(routeIndex, ordering: .relaxed) }

    /// The index of the route that answered, in registration order.
    public var routeIndex: Int? {
        let value = index.load(ordering: .relaxed)
        return value >= 0 ? value : nil
    }
}
