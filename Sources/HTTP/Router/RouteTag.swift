/// A mark a route group puts on its routes, for middleware that runs before routing and must treat them
/// differently (the session middleware skips CSRF on a webhook group; the staff area has its own session).
///
/// Guarantees: before the first middleware runs, the router sets `Request.routeTags` to the tags of the route the
/// request will be dispatched to (empty when none matches), so a middleware never decides by a path string.
public struct RouteTag: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
}

/// One registered route as the router lists it: for tests that walk every route (an access matrix), metrics
/// labels, and documentation.
public struct RouteDescription: Sendable {
    public let method: HTTPMethod
    /// The full pattern, a group's prefix included (`/admin/orders/:id`).
    public let pattern: String
    public let tags: Set<RouteTag>
}
