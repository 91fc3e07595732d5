/// Routes under one path prefix with middleware of their own, whose handlers receive a typed context built by
/// the group's resolver (Hummingbird's `RouterGroup` and child request context): a signed-in shopper, a staff
/// member. Build one with `Router.group(_:tags:context:_:)`.
///
/// Guarantees, for every route of the group:
/// - its pattern is the prefix joined to the route's pattern (`"/admin"` + `"/orders"` → `/admin/orders`,
///   `"/admin"` + `"/"` → `/admin`), matched by the router like any other route (404/405 unchanged);
/// - the group's middleware runs inside the router's own, first added outermost, and only for the group's routes;
/// - the resolver runs inside the group's middleware, after them, once per request; when it throws, the handler
///   does not run and the error goes up the chain like a handler's (an `HTTPError.redirect` to a sign-in page);
/// - the group's tags are on `Request.routeTags` before the router's first middleware runs.
public struct RouterGroup<Context: Sendable>: Sendable {
    /// A handler in the group: the request and the context the group's resolver built for it.
    public typealias ContextHandler = @Sendable (Request, Context) async throws -> Response

    struct PendingRoute: Sendable {
        let method: HTTPMethod
        let pattern: String
        let handler: ContextHandler
        let streamedBodyLimit: Int?
    }

    /// The path every route of the group starts with (`/admin`), or empty for routes at the root.
    public let prefix: String
    public private(set) var tags: Set<RouteTag>
    private(set) var routes: [PendingRoute] = []
    private(set) var middleware: [any Middleware] = []

    init(prefix: String, tags: Set<RouteTag>) {
        self.prefix = prefix
        self.tags = tags
    }

    /// Adds a route under the prefix.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping ContextHandler) {
        routes.append(PendingRoute(method: method, pattern: Self.join(prefix, pattern), handler: handler, streamedBodyLimit: nil))
    }

    /// Adds a route whose body streams (`Request.bodyStream`) up to `limit` bytes, as `Router.on(_:_:streamingBodyUpTo:_:)`.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, streamingBodyUpTo limit: Int,
                            _ handler: @escaping ContextHandler) {
        routes.append(PendingRoute(method: method, pattern: Self.join(prefix, pattern), handler: handler,
                                   streamedBodyLimit: max(0, limit)))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping ContextHandler) { on(.GET, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping ContextHandler) { on(.POST, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping ContextHandler) { on(.PUT, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping ContextHandler) { on(.DELETE, pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping ContextHandler) { on(.PATCH, pattern, handler) }

    /// Wraps the group's routes (and only them); the first added sees the request first. Order against `on` does
    /// not matter: every route of the group gets every middleware of the group.
    public mutating func use(_ middleware: any Middleware) { self.middleware.append(middleware) }

    /// Marks every route of the group with `tag` (see `RouteTag`).
    public mutating func tag(_ tag: RouteTag) { tags.insert(tag) }

    /// The route handlers with the group's middleware and resolver around them, ready for the router.
    func resolvedRoutes(context: @escaping @Sendable (Request) async throws -> Context)
        -> [(method: HTTPMethod, pattern: String, handler: Handler, streamedBodyLimit: Int?)] {
        let middleware = self.middleware
        return routes.map { route in
            let handler = route.handler
            var chain: Handler = { request in try await handler(request, try await context(request)) }
            for step in middleware.reversed() {
                let next = chain
                chain = { request in try await step.handle(request, next: next) }
            }
            return (route.method, route.pattern, chain, route.streamedBodyLimit)
        }
    }

    static func join(_ prefix: String, _ pattern: String) -> String {
        let parts = (prefix.split(separator: "/") + pattern.split(separator: "/")).joined(separator: "/")
        return "/" + parts
    }
}

extension Router {
    /// Adds the routes `build` declares under `prefix`, each receiving the context `context` resolves for its
    /// request (see `RouterGroup`). `tags` mark every route of the group, as `RouterGroup.tag` does.
    public mutating func group<Context: Sendable>(
        _ prefix: String, tags: Set<RouteTag> = [],
        context: @escaping @Sendable (Request) async throws -> Context,
        _ build: (inout RouterGroup<Context>) -> Void
    ) {
        var group = RouterGroup<Context>(prefix: prefix, tags: tags)
        build(&group)
        for route in group.resolvedRoutes(context: context) {
            add(route.method, route.pattern, route.handler, streamedBodyLimit: route.streamedBodyLimit, tags: group.tags)
        }
    }
}
