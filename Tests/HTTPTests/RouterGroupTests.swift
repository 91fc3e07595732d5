import HTTP
import Synchronization
import TestSupport
import Testing

/// A staff member as a group's resolver finds it from a header, for these tests.
private struct Member: Sendable {
    let name: String
}

private func memberFromHeader(_ request: Request) throws -> Member {
    guard let name = request.headers["X-Member"] else { throw HTTPError.redirect(to: "/login") }
    return Member(name: name)
}

/// Adds `X-Order: tag` on the way out and `X-Seen: tag` on the way in, to show the order middleware ran in.
private struct Marking: Middleware {
    let tag: String
    func handle(_ request: Request, next: Handler) async throws -> Response {
        var request = request
        request.headers.add("X-Seen", tag)
        var response = try await next(request)
        response.headers.add("X-Order", tag)
        return response
    }
}

/// Counts the resolver's calls.
private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

private func request(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = HTTPHeaders()) -> Request {
    Request(method: method, target: path, path: path, rawQuery: "", headers: headers)
}

private func makeRouter(resolverCalls: Counter? = nil) -> Router {
    var router = Router()
    router.get("/") { _ in .text("home") }
    router.group("/admin", tags: [RouteTag("staff")], context: { request throws -> Member in
        resolverCalls?.add()
        return try memberFromHeader(request)
    }) { group in
        group.use(Marking(tag: "group-outer"))
        group.get("/") { _, member in .text("dashboard for \(member.name)") }
        group.get("/orders/:id") { request, member in .text("order \(request.parameters["id"] ?? "?") for \(member.name)") }
        group.post("/orders/:id") { _, _ in .text("saved") }
        group.get("/seen") { request, _ in .text(request.headers.values(for: "X-Seen").joined(separator: ",")) }
        group.use(Marking(tag: "group-inner"))
    }
    router.get("/adminish") { _ in .text("not in the group") }
    return router
}

@Suite("Router groups")
struct RouterGroupTests {
    @Test("a group's routes answer under its prefix, the prefix alone included")
    func prefixMatching() async throws {
        let handler = makeRouter().handler
        let member: HTTPHeaders = ["X-Member": "kim"]
        #expect(try await handler(request(.GET, "/admin", headers: member)).text == "dashboard for kim")
        #expect(try await handler(request(.GET, "/admin/", headers: member)).text == "dashboard for kim")
        #expect(try await handler(request(.GET, "/admin/orders/A1", headers: member)).text == "order A1 for kim")
        #expect(try await handler(request(.GET, "/adminish")).text == "not in the group")
    }

    @Test("a group's patterns are listed with the prefix and the group's tags")
    func routeList() {
        let routes = makeRouter().routeDescriptions
        #expect(routes.map(\.pattern) == ["/", "/admin", "/admin/orders/:id", "/admin/orders/:id", "/admin/seen", "/adminish"])
        #expect(routes.filter { $0.tags.contains(RouteTag("staff")) }.count == 4)
        #expect(routes.first?.tags.isEmpty == true)
    }

    @Test("the resolver's refusal stops the handler and goes up the chain as the thrown error")
    func contextRefusal() async throws {
        let calls = Counter()
        let handler = makeRouter(resolverCalls: calls).handler
        do {
            _ = try await handler(request(.GET, "/admin/orders/A1"))
            Issue.record("the handler ran without a member")
        } catch let error as HTTPError {
            #expect(error.isRedirect)
            #expect(error.response.headers["Location"] == "/login")
        }
        #expect(calls.value == 1)
    }

    @Test("a redirect thrown by a resolver is answered as it is by ErrorMiddleware")
    func refusalThroughErrorMiddleware() async throws {
        var router = makeRouter()
        router.use(ErrorMiddleware { status, _, _ in .html("error page", status: status) })
        let answer = try await router.handler(request(.POST, "/admin/orders/A1"))
        #expect(answer.status == .seeOther)
        #expect(answer.headers["Location"] == "/login")
        #expect(answer.body.isEmpty)
    }

    @Test("group middleware runs inside the router's, in the order added, before the resolver, only for the group")
    func middlewareOrder() async throws {
        var router = makeRouter()
        router.use(Marking(tag: "router"))
        let handler = router.handler
        let inGroup = try await handler(request(.GET, "/admin/seen", headers: ["X-Member": "kim"]))
        #expect(inGroup.text == "router,group-outer,group-inner")
        #expect(inGroup.headers.values(for: "X-Order") == ["group-inner", "group-outer", "router"])
        let outside = try await handler(request(.GET, "/"))
        #expect(outside.headers.values(for: "X-Order") == ["router"])
        // A refused context still passes back out through the group's middleware as an error.
        await #expect(throws: HTTPError.self) { _ = try await handler(request(.GET, "/admin/seen")) }
    }

    @Test("the matched route's tags are on the request before the router's middleware runs")
    func tagsBeforeMiddleware() async throws {
        struct TagEcho: Middleware {
            func handle(_ request: Request, next: Handler) async throws -> Response {
                .text(request.routeTags.map(\.name).sorted().joined(separator: ","))
            }
        }
        var router = makeRouter()
        router.use(TagEcho())
        #expect(try await router.handler(request(.GET, "/admin/orders/1")).text == "staff")
        #expect(try await router.handler(request(.GET, "/")).text == "")
        #expect(try await router.handler(request(.GET, "/admin/nowhere")).text == "")
    }

    @Test("an unknown path under the prefix is 404 and a known one with another method is 405, resolver untouched")
    func notFoundAndMethodNotAllowed() async throws {
        let calls = Counter()
        let handler = makeRouter(resolverCalls: calls).handler
        let missing = try await handler(request(.GET, "/admin/nowhere"))
        #expect(missing.status == .notFound)
        let wrongMethod = try await handler(request(.DELETE, "/admin/orders/1"))
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers["Allow"] == "GET, POST, HEAD")
        #expect(calls.value == 0)
    }

    @Test("HEAD on a group's GET route is answered by it")
    func head() async throws {
        let answer = try await makeRouter().handler(request(.HEAD, "/admin", headers: ["X-Member": "kim"]))
        #expect(answer.status == .ok)
    }

    @Test("a group's streaming route reads its body as it arrives, over the server's maxBodyBytes")
    func streamingRouteInGroup() async throws {
        var router = Router()
        router.group("/admin", context: { request in try memberFromHeader(request) }) { group in
            group.on(.POST, "/upload", streamingBodyUpTo: 1 << 20) { request, member in
                var size = 0
                try await request.readBody { size += $0.count }
                return .text("\(member.name) sent \(size)")
            }
            group.post("/small") { request, _ in .text("\(request.body.count)") }
        }
        var configuration = ServerConfiguration(port: 0, eventLoops: 1, maxBodyBytes: 1024)
        configuration.streamedBodyLimit = router.streamedBodyLimit
        let fixture = try ServerFixture(configuration: configuration, handler: router.handler)
        let body = [UInt8](repeating: 0x41, count: 200_000)
        let streamed = try await TestHTTPClient.request(port: fixture.port, "POST", "/admin/upload",
                                                        headers: [("X-Member", "kim")], body: body)
        let buffered = try await TestHTTPClient.request(port: fixture.port, "POST", "/admin/small",
                                                        headers: [("X-Member", "kim")], body: body)
        await fixture.stop()
        #expect(streamed.text == "kim sent 200000")
        #expect(buffered.status == 413)
    }
}

extension Response {
    fileprivate var text: String { String(decoding: body, as: UTF8.self) }
}
