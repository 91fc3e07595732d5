/// Maps method and path to a handler. Patterns are `/`-separated segments: a literal (`products`), a named
/// parameter (`:id`, any one non-empty segment, stored in `request.parameters`) or a final `*` (the rest of
/// the path, stored as `parameters["*"]`). When several patterns match, literals beat parameters beat `*`,
/// segment by segment, whatever the registration order.
///
/// Dispatch answers a path no route matches with an empty `404`, a path matched only for other methods with
/// an empty `405` and an `Allow` header, and HEAD with the GET route (the server drops the body). Middleware
/// added with `use` wraps all of that, first added outermost, so error pages see the 404s and 405s too.
public struct Router: Sendable {
    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest
    }

    private struct Route: Sendable {
        var method: HTTPMethod
        var pattern: String
        var segments: [Segment]
        var handler: Handler
        var index: Int
        /// The body limit of a route that streams its body; nil reads it whole.
        var streamedBodyLimit: Int? = nil
        /// What a route group marked it with (`RouteTag`).
        var tags: Set<RouteTag> = []
    }

    private var routes: [Route] = []
    private var middleware: [any Middleware] = []
    private var outermost: [any Middleware] = []

    public init() {}

    /// Adds a route; a later route with the same method and pattern replaces nothing, the first one wins.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        add(method, pattern, handler, streamedBodyLimit: nil, tags: [])
    }

    mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler, streamedBodyLimit: Int?,
                      tags: Set<RouteTag>) {
        routes.append(Route(method: method, pattern: pattern, segments: Self.compile(pattern), handler: handler,
                            index: routes.count, streamedBodyLimit: streamedBodyLimit, tags: tags))
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
        let routes = self.routes
        guard routes.contains(where: { $0.streamedBodyLimit != nil }) else { return { _ in nil } }
        return { request in Self.resolve(request, routes: routes).best?.route.streamedBodyLimit }
    }

    /// The dispatching handler with every middleware around it. Read it once, after the routes are added.
    ///
    /// The route is chosen before the first middleware runs, so middleware can read its `Request.routeTags`; the
    /// dispatch at the end reuses that choice unless a middleware changed the method or path.
    public var handler: Handler {
        let routes = self.routes
        var handler: Handler = { request in try await Self.dispatch(request, routes: routes) }
        for step in (outermost + middleware).reversed() {
            let next = handler
            handler = { request in try await step.handle(request, next: next) }
        }
        let chain = handler
        return { request in
            var request = request
            let resolution = Self.resolve(request, routes: routes)
            request.routeTags = resolution.best?.route.tags ?? []
            request.routeResolution = RouteResolution(method: request.method, path: request.path,
                                                      routeIndex: resolution.best?.route.index,
                                                      parameters: resolution.best?.parameters ?? [:],
                                                      allowed: resolution.allowed)
            return try await chain(request)
        }
    }

    private static func compile(_ pattern: String) -> [Segment] {
        pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part == "*" { return .rest }
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            return .literal(String(part))
        }
    }

    private static func dispatch(_ request: Request, routes: [Route]) async throws -> Response {
        var (best, allowed): (best: (route: Route, parameters: [String: String])?, allowed: [String])
        if let early = request.routeResolution, early.method == request.method, early.path == request.path {
            (best, allowed) = (early.routeIndex.map { (routes[$0], early.parameters) }, early.allowed)
        } else {
            (best, allowed) = resolve(request, routes: routes)
        }
        if let best {
            var routed = request
            routed.parameters = best.parameters
            request.routeNote?.matched(best.route.index)
            return try await best.route.handler(routed)
        }
        if allowed.isEmpty { return Response(status: .notFound) }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return Response(status: .methodNotAllowed, headers: ["Allow": allowed.joined(separator: ", ")])
    }

    /// The most specific route for the request's method and path with its parameters, and every method the
    /// path has a route for.
    private static func resolve(_ request: Request, routes: [Route])
        -> (best: (route: Route, parameters: [String: String])?, allowed: [String]) {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (route: Route, parameters: [String: String], rank: [Int])?
        var allowed: [String] = []
        for route in routes {
            guard let (parameters, rank) = match(route.segments, parts) else { continue }
            if !allowed.contains(route.method.rawValue) { allowed.append(route.method.rawValue) }
            // An explicit HEAD route ranks ahead of answering HEAD with GET.
            let exact = route.method == request.method
            guard exact || (request.method == .HEAD && route.method == .GET) else { continue }
            let fullRank = rank + [exact ? 0 : 1]
            if let current = best, !fullRank.lexicographicallyPrecedes(current.rank) { continue }
            best = (route, parameters, fullRank)
        }
        return (best.map { ($0.route, $0.parameters) }, allowed)
    }

    /// The parameters and a rank (0 literal, 1 parameter, 2 rest, per segment; lower is more specific).
    private static func match(_ segments: [Segment], _ parts: [Substring]) -> ([String: String], [Int])? {
        var parameters: [String: String] = [:]
        var rank: [Int] = []
        rank.reserveCapacity(segments.count + 1)
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                parameters["*"] = parts[min(index, parts.count)...].joined(separator: "/")
                rank.append(2)
                return (parameters, rank)
            case .literal(let literal):
                guard index < parts.count, parts[index] == literal else { return nil }
                rank.append(0)
            case .parameter(let name):
                guard index < parts.count else { return nil }
                parameters[name] = String(parts[index])
                rank.append(1)
            }
        }
        guard parts.count == segments.count else { return nil }
        return (parameters, rank)
    }
}

/// The route the router chose for a request before its middleware ran, kept on the request for the dispatch.
struct RouteResolution: Sendable {
    let method: HTTPMethod
    let path: String
    let routeIndex: Int?
    let parameters: [String: String]
    let allowed: [String]
}
