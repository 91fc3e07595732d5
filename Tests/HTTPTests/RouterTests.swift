import HTTP
import TestSupport
import Testing

private func makeRouter() -> Router {
    var router = Router()
    router.get("/products/:id") { .text("product \($0.parameters["id"] ?? "?")") }
    router.get("/products/new") { _ in .text("new form") }
    router.post("/products") { _ in .text("created", status: .created) }
    router.get("/products") { _ in .text("list") }
    router.delete("/products/:id") { .text("deleted \($0.parameters["id"] ?? "?")") }
    router.get("/files/*") { .text("rest \($0.parameters["*"] ?? "?")") }
    router.get("/boom") { _ in throw HTTPError(.conflict, "Already paid.") }
    router.get("/crash") { _ in throw CancellationError() }
    return router
}

private struct Tagging: Middleware {
    let tag: String
    func handle(_ request: Request, next: Handler) async throws -> Response {
        var response = try await next(request)
        response.headers.add("X-Order", tag)
        return response
    }
}

@Suite("Router")
struct RouterTests {
    func response(_ method: String, _ path: String, router: Router = makeRouter()) async throws -> TestResponse {
        let fixture = try ServerFixture(handler: router.handler)
        let response = try await TestHTTPClient.request(port: fixture.port, method, path)
        await fixture.stop()
        return response
    }

    @Test("a path parameter is captured", arguments: [("/products/7", "product 7"), ("/products/abc", "product abc")])
    func pathParameter(path: String, expected: String) async throws {
        #expect(try await response("GET", path).text == expected)
    }

    @Test("a literal segment wins over a parameter whatever the order added")
    func literalWins() async throws {
        #expect(try await response("GET", "/products/new").text == "new form")
    }

    @Test("a trailing wildcard captures the rest of the path")
    func wildcard() async throws {
        #expect(try await response("GET", "/files/a/b/c.txt").text == "rest a/b/c.txt")
    }

    @Test("an unknown path is 404 with an empty body")
    func notFound() async throws {
        let answer = try await response("GET", "/nowhere")
        #expect(answer.status == 404)
        #expect(answer.body.isEmpty)
    }

    @Test("a known path with another method is 405 listing the allowed methods")
    func methodNotAllowed() async throws {
        let answer = try await response("PUT", "/products/3")
        #expect(answer.status == 405)
        #expect(answer.headers["Allow"] == "GET, DELETE, HEAD")
    }

    @Test("HEAD is answered by the GET route without a body but with its length")
    func head() async throws {
        let answer = try await response("HEAD", "/products/12")
        #expect(answer.status == 200)
        #expect(answer.headers["Content-Length"] == "10")
        #expect(answer.body.isEmpty)
    }

    @Test("middleware runs in the order added, first outermost, around 404s too")
    func middlewareOrder() async throws {
        var router = makeRouter()
        router.use(Tagging(tag: "outer"))
        router.use(Tagging(tag: "inner"))
        let answer = try await response("GET", "/nowhere", router: router)
        #expect(answer.headers.values(for: "X-Order") == ["inner", "outer"])
    }

    @Test("ErrorMiddleware renders a thrown HTTPError with its status and message")
    func errorMiddlewareHTTPError() async throws {
        var router = makeRouter()
        router.use(ErrorMiddleware { status, message, _ in .html("<p>\(status.code): \(message)</p>", status: status) })
        let answer = try await response("GET", "/boom", router: router)
        #expect(answer.status == 409)
        #expect(answer.text == "<p>409: Already paid.</p>")
    }

    @Test("ErrorMiddleware turns any other error into a 500 that names nothing internal")
    func errorMiddlewareOtherError() async throws {
        var router = makeRouter()
        router.use(ErrorMiddleware { status, message, _ in .html("\(status.code) \(message)", status: status) })
        let answer = try await response("GET", "/crash", router: router)
        #expect(answer.status == 500)
        #expect(!answer.text.contains("Cancellation"))
    }

    @Test("ErrorMiddleware renders the router's bare 405 and keeps Allow")
    func errorMiddlewareRenders405() async throws {
        var router = makeRouter()
        router.use(ErrorMiddleware { status, _, _ in .html("page \(status.code)", status: status) })
        let answer = try await response("PATCH", "/products")
        #expect(answer.status == 405)
        let rendered = try await response("PATCH", "/products", router: router)
        #expect(rendered.text == "page 405")
        #expect(rendered.headers["Allow"] == "POST, GET, HEAD")
    }

    @Test("SecurityHeadersMiddleware adds CSP, nosniff, Referrer-Policy and X-Frame-Options")
    func securityHeaders() async throws {
        var router = makeRouter()
        router.use(SecurityHeadersMiddleware(contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'"))
        let answer = try await response("GET", "/products", router: router)
        #expect(answer.headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'")
        #expect(answer.headers["X-Content-Type-Options"] == "nosniff")
        #expect(answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin")
        #expect(answer.headers["X-Frame-Options"] == "DENY")
    }

    @Test("a redirect carries Location and 303")
    func redirect() async throws {
        var router = Router()
        router.post("/login") { _ in .redirect(to: "/account") }
        let answer = try await response("POST", "/login", router: router)
        #expect(answer.status == 303)
        #expect(answer.headers["Location"] == "/account")
    }

    @Test("a handler cannot inject a header through CR LF in a value")
    func headerInjection() async throws {
        var router = Router()
        router.get("/x") { _ in Response(status: .ok, headers: ["X-Evil": "a\r\nSet-Cookie: owned=1"], body: []) }
        let answer = try await response("GET", "/x", router: router)
        #expect(answer.headers["Set-Cookie"] == nil)
        #expect(answer.headers["X-Evil"] == nil)
    }
}
