import HTTP
import Testing

/// What the router tells code wrapped around it, for counting requests by route pattern.
@Suite("Route notes and outermost middleware")
struct MetricsRouteNoteTests {
    struct Recorder: Middleware {
        let name: String
        func handle(_ request: Request, next: Handler) async throws -> Response {
            var response = try await next(request)
            response.headers.add("X-Trail", name)
            return response
        }
    }

    static func router() -> Router {
        var router = Router()
        router.get("/") { _ in Response(status: .ok) }
        router.get("/products/:id") { _ in Response(status: .ok) }
        router.post("/products/:id") { _ in Response(status: .created) }
        return router
    }

    func noted(_ method: HTTPMethod, _ path: String, router: Router = router()) async throws -> Int? {
        let note = RouteNote()
        var request = Request(method: method, target: path, path: path, rawQuery: "")
        request.routeNote = note
        _ = try await router.handler(request)
        return note.routeIndex
    }

    @Test("the note names the route whose handler ran, by its index in routePatterns")
    func notesRoute() async throws {
        let patterns = Self.router().routePatterns
        #expect(patterns.map(\.pattern) == ["/", "/products/:id", "/products/:id"])
        #expect(try await noted(.GET, "/products/7") == 1)
        #expect(try await noted(.POST, "/products/7") == 2)
        #expect(try await noted(.HEAD, "/products/7") == 1)
    }

    @Test("a 404 or 405 from the router leaves the note empty")
    func unmatchedLeavesNoteEmpty() async throws {
        #expect(try await noted(.GET, "/nowhere/7") == nil)
        #expect(try await noted(.DELETE, "/products/7") == nil)
    }

    @Test("wrapped middleware runs outside every used one, even those added after it")
    func wrapIsOutermost() async throws {
        var router = Self.router()
        router.use(Recorder(name: "used-first"))
        router.wrap(Recorder(name: "wrapped"))
        router.use(Recorder(name: "used-later"))
        let response = try await router.handler(Request(method: .GET, target: "/", path: "/", rawQuery: ""))
        #expect(response.headers.values(for: "X-Trail") == ["used-later", "used-first", "wrapped"])
    }
}
