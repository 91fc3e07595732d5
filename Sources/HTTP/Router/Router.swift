/// Maps method and path to a handler. Patterns are `/`-separated segments: a literal (`products`), a named
/// parameter (`:id`, any one non-empty segment, stored in `request.parameters`) or a final `*` (the rest of
/// the path, stored as `parameters["*"]`). When several patterns match, literals beat parameters beat `*`,
/// segment by segment, whatever the registration order.
///
/// Dispatch answers a path no route matches with an empty `404`, a path matched only for other methods with
/// an empty `405` and an `Allow` header, and HEAD with the GET route (the server drops the body). Middleware
/// added with `use` wraps all of that, first added outermost, so error pages see the 404s and 405s too.
public struct Router: Sendable {
    private struct Route: Sendable {
        var method: HTTPMethod
        var pattern: String
        var handler: Handler
        /// The body limit of a route that streams its body; nil reads it whole.
        var streamedBodyLimit: Int? = nil
        /// What a route group marked it with (`RouteTag`).
        var tags: Set<RouteTag> = []
    }

    private var routes: [Route] = []
    private var tree = RouteTree()
    private var middleware: [any Middleware] = []
    private var outermost: [any Middleware] = []

    public init() {}

    /// Adds a route; a later route with the same method and pattern replaces nothing, the first one wins.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        add(method, pattern, handler, streamedBodyLimit: nil, tags: [])
    }

    mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler, streamedBodyLimit: Int?,
                      tags: Set<RouteTag>) {
        tree.add(routeIndex: routes.count, method: method, segments: Self.compile(pattern))
        routes.append(Route(method: method, pattern: pattern, handler: handler,
                            streamedBodyLimit: streamedBodyLimit, tags: tags))
    }

    /// Every route's method and pattern as registered, in registration order (what `RouteNote.routeIndex` indexes).
    public var routePatterns: [(method: HTTPMethod, pattern: String)] { routes.map { ($0.method, $0.pattern) } }

    /// Every route with its full pattern and tags, in registration order.
    public var routeDescriptions: [RouteDescription] {
        routes.map { RouteDescription(method: $0.method, pattern: $0.pattern, tags: $0.tags) }
    }

    /// Adds a route whose handler reads its body as it arrives (`Request.bodyStream`), up to `limit` bytes
    /// instead of the server's `maxBodyBytes`: for uploads. The server learns of it through `streamedBodyLimit`.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, streamingBodyUpTo limit: Int,
                            _ handler: @escaping Handler) {
        add(method, pattern, handler, streamedBodyLimit: max(0, limit), tags: [])
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { on(.GET, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { on(.POST, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping Handler) { on(.PUT, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { on(.DELETE, pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping Handler) { on(.PATCH, pattern, handler) }

    /// Wraps every route, including the 404 and 405 answers; the first added sees the request first.
    public mutating func use(_ middleware: any Middleware) {
        self.middleware.append(middleware)
    }

    /// Adds middleware outside every other (also those added later with `use`): for what must see the whole chain,
    /// such as timing it.
    public mutating func wrap(_ middleware: any Middleware) {
        outermost.append(middleware)
    }

    /// For `ServerConfiguration.streamedBodyLimit`: the body limit of the route a request head would be
    /// dispatched to, if that route streams its body. Read it once, after the routes are added.
    public var streamedBodyLimit: @Sendable (Request) -> Int? {
        let routes = self.routes, tree = self.tree
        guard routes.contains(where: { $0.streamedBodyLimit != nil }) else { return { _ in nil } }
        return { request in
            tree.match(request.method, Self.parts(of: request.path)).flatMap { routes[$0.routeIndex].streamedBodyLimit }
        }
    }

    /// The dispatching handler with every middleware around it. Read it once, after the routes are added.
    ///
    /// The route is chosen before the first middleware runs, so middleware can read its `Request.routeTags`; the
    /// dispatch at the end reuses that choice unless a middleware changed the method or path.
    public var handler: Handler {
        let routes = self.routes, tree = self.tree
        var handler: Handler = { request in try await Self.dispatch(request, routes: routes, tree: tree) }
        for step in (outermost + middleware).reversed() {
            let next = handler
            handler = { request in try await step.handle(request, next: next) }
        }
        let chain = handler
        return { request in
            var request = request
            let match = tree.match(request.method, Self.parts(of: request.path))
            request.routeTags = match.map { routes[$0.routeIndex].tags } ?? []
            request.routeResolution = RouteResolution(method: request.method, path: request.path,
                                                      routeIndex: match?.routeIndex, parameters: match?.parameters ?? [:])
            return try await chain(request)
        }
    }

    private static func compile(_ pattern: String) -> [RouteSegment] {
        pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part == "*" { return .rest }
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            return .literal(String(part))
        }
    }

    private static func dispatch(_ request: Request, routes: [Route], tree: RouteTree) async throws -> Response {
        let match: RouteTree.Match?
        if let early = request.routeResolution, early.method == request.method, early.path == request.path {
            match = early.routeIndex.map { RouteTree.Match(routeIndex: $0, parameters: early.parameters) }
        } else {
            match = tree.match(request.method, parts(of: request.path))
        }
        if let match {
            var routed = request
            routed.parameters = match.parameters
            request.routeNote?.matched(match.routeIndex)
            return try await routes[match.routeIndex].handler(routed)
        }
        // Only a miss needs every method the path has a route for, in the order they were added.
        var allowed: [String] = []
        for index in tree.routesMatching(parts(of: request.path)).sorted() where !allowed.contains(routes[index].method.rawValue) {
            allowed.append(routes[index].method.rawValue)
        }
        if allowed.isEmpty { return Response(status: .notFound) }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return Response(status: .methodNotAllowed, headers: ["Allow": allowed.joined(separator: ", ")])
    }

    private static func parts(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}

/// The route the router chose for a request before its middleware ran, kept on the request for the dispatch.
struct RouteResolution: Sendable {
    let method: HTTPMethod
    let path: String
    let routeIndex: Int?
    let parameters: [String: String]
}
