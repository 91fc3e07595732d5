import HTTP
import Logging
import TestSupport
import Testing
@testable import Storefront

/// The one page-error path (`PageErrorMiddleware`): handlers throw, one middleware renders and logs.
@Suite("The page error path")
struct PageErrorPathTests {
    private func request(_ path: String) -> Request {
        Request(method: .GET, target: path, path: path, rawQuery: "")
    }

    private func middleware(_ log: InMemoryLogHandler) -> PageErrorMiddleware {
        PageErrorMiddleware(logger: log.logger) { status, message, _ in .html("\(status.code)|\(message)", status: status) }
    }

    @Test("a ShopError.unavailable shows the plain 500 message and logs its reason once")
    func unavailableIsLoggedOnce() async throws {
        let log = InMemoryLogHandler()
        let response = try await middleware(log).handle(request("/cart")) { _ in
            throw ShopError.unavailable(reason: "disk I/O error")
        }
        #expect(response.status == .internalServerError)
        #expect(String(decoding: response.body, as: UTF8.self) == "500|" + ShopError.unavailable(reason: "").message)
        let logged = log.entries("page_error")
        #expect(logged.count == 1)
        #expect(logged.first?.metadata["reason"] == "disk I/O error")
        #expect(logged.first?.metadata["path"] == "/cart")
    }

    @Test("a person's mistake shows its status and message and is not logged as a failure")
    func shopErrorShown() async throws {
        let log = InMemoryLogHandler()
        let response = try await middleware(log).handle(request("/orders/x")) { _ in throw ShopError.notFound(.order) }
        #expect(response.status == .notFound)
        #expect(String(decoding: response.body, as: UTF8.self) == "404|주문을 찾을 수 없습니다.")
        #expect(log.entries("page_error").isEmpty)
    }

    @Test("a thrown redirect is answered as it is")
    func redirectPassesThrough() async throws {
        let response = try await middleware(InMemoryLogHandler()).handle(request("/cart")) { _ in
            throw HTTPError.redirect(to: "/login?next=%2Fcart")
        }
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/login?next=%2Fcart")
    }

    @Test("an unknown address shows a signed-in shopper the 404 page in their own layout")
    func notFoundInTheShoppersLayout() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.get("/no-such-page")
            #expect(response.status == 404)
            let page = try response.page()
            #expect(page.errorCode == "404")
            #expect(page.text("//form[@action='/logout']//button") != nil)
        }
    }

    @Test("Toss's webhook is answered without a CSRF token and given no cookie, because its group is sessionless")
    func webhookGroupIsSessionless() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().request("POST", "/payments/toss/webhook",
                                                            headers: [("Content-Type", "application/json")],
                                                            body: Array("{}".utf8))
            #expect(response.status != 403)
            #expect(response.headers.values(for: "Set-Cookie").isEmpty)
        }
    }

    @Test("/healthz answers ok and sets no cookie: a load balancer's check starts no session")
    func healthCheckIsSessionless() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/healthz")
            #expect(response.status == 200)
            #expect(response.text == "ok")
            #expect(response.headers.values(for: "Set-Cookie").isEmpty)
        }
    }
}
