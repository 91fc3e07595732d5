import Foundation
import HTTP
import Metrics
import Testing
import TestSupport
@testable import Storefront

/// The value of one series in a scrape, or nil when it is absent.
func metric(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
    MetricsTextValidator.samples(in: text).first { $0.name == name && $0.labels == labels }?.value
}

@Suite("GET /metrics: the text, the guard and the request counts")
struct MetricsEndpointTests {
    static let token = "s3cret-metrics-token-0123456789"

    @Test("a loopback scrape without a token gets the whole text, valid by the format's rules")
    func loopbackScrape() async throws {
        try await withPageShop { shop in
            _ = try await shop.browser().get("/")
            let scrape = try await shop.browser().get("/metrics")
            #expect(scrape.status == 200)
            #expect(scrape.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(scrape.headers["Set-Cookie"] == nil)
            #expect(MetricsTextValidator.problems(in: scrape.text) == [])
            for family in ["storefront_http_requests_total", "storefront_http_request_duration_seconds", "storefront_orders",
                           "storefront_outbox_backlog", "storefront_cache_lookups_total", "storefront_payment_confirms_total",
                           "storefront_payment_refunds_total", "storefront_reconciler_actions_total",
                           "storefront_db_pool_wait_seconds", "storefront_db_query_errors_total"] {
                #expect(scrape.text.contains("# TYPE \(family) "), "\(family)")
            }
        }
    }

    @Test("a request is counted under its route pattern and status, never under its raw path")
    func requestByPattern() async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            #expect(try await browser.get("/products/\(shop.apple.id)").status == 200)
            #expect(try await browser.get("/products/\(shop.scripted.id)").status == 200)
            #expect(try await browser.get("/no/such/page-4711").status == 404)
            let text = try await browser.get("/metrics").text
            #expect(metric(text, "storefront_http_requests_total", ["route": "/products/:id", "method": "GET", "status": "200"]) == 2)
            #expect(metric(text, "storefront_http_requests_total", ["route": "unmatched", "method": "GET", "status": "404"]) == 1)
            #expect(metric(text, "storefront_http_request_duration_seconds_count", ["route": "/products/:id", "method": "GET"]) == 2)
            #expect(!text.contains("4711") && !text.contains("/products/\(shop.apple.id)\""))
        }
    }

    @Test("a handler's error is counted as the 500 the shopper got, under the route that failed")
    func failureCounted() async throws {
        try await withPageShop { shop in
            #expect(try await shop.browser().get(PageShop.failingPath).status == 500)
            let text = try await shop.browser().get("/metrics").text
            #expect(metric(text, "storefront_http_requests_total", ["route": PageShop.failingPath, "method": "GET", "status": "500"]) == 1)
        }
    }

    @Test("with a token, a scrape without the right bearer gets 401 and an empty body, with it 200")
    func tokenGuard() async throws {
        try await withPageShop(configure: { $0.server.metricsToken = Self.token }) { shop in
            let browser = shop.browser()
            for headers in [[], [("Authorization", "Bearer wrong-token-0123456789abcd")], [("Authorization", "Basic " + Self.token)],
                            [("Authorization", "Bearer " + Self.token + "x")]] {
                let refused = try await browser.get("/metrics", headers: headers)
                #expect(refused.status == 401, "\(headers)")
                #expect(refused.body.isEmpty)
                #expect(refused.headers["WWW-Authenticate"] == "Bearer")
            }
            let scrape = try await browser.get("/metrics", headers: [("Authorization", "Bearer " + Self.token)])
            #expect(scrape.status == 200)
            #expect(scrape.text.contains("# TYPE storefront_http_requests_total counter"))
            #expect(!scrape.text.contains(Self.token))
        }
    }

    @Test("without a token, a scrape relayed by a proxy on this machine gets the ordinary 404")
    func relayedRefused() async throws {
        try await withPageShop { shop in
            for header in ["X-Forwarded-For", "Forwarded", "X-Real-IP"] {
                let answer = try await shop.browser().get("/metrics", headers: [(header, "203.0.113.9")])
                #expect(answer.status == 404, "\(header)")
                #expect(!answer.text.contains("storefront_"))
            }
        }
    }

    @Test("without a token, a scrape from another machine gets 404", arguments: ["10.0.0.5", "203.0.113.9", "::ffff:10.0.0.5", "fe80::1"])
    func remoteRefused(address: String) async throws {
        let endpoint = MetricsEndpoint(registry: MetricsRegistry(), token: nil)
        let request = Request(method: .GET, target: "/metrics", path: "/metrics", rawQuery: "", remoteAddress: address)
        let answer = try await endpoint.handle(request) { _ in Response(status: .ok) }
        #expect(answer.status == .notFound)
    }

    @Test("without a token, loopback peers are answered", arguments: ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
    func loopbackAnswered(address: String) async throws {
        let endpoint = MetricsEndpoint(registry: MetricsRegistry(), token: nil)
        let request = Request(method: .GET, target: "/metrics", path: "/metrics", rawQuery: "", remoteAddress: address)
        #expect(try await endpoint.handle(request) { _ in Response(status: .notFound) }.status == .ok)
    }
}

@Suite("Metrics of the running shop", .timeLimit(.minutes(1)))
struct RunningShopMetricsTests {
    @Test("the running shop reports the connections it holds open, the scraping one included")
    func openConnections() async throws {
        try await withLiveShop { live in
            let idle = try TestHTTPClient(port: live.server.port)
            _ = try await idle.request("GET", "/healthz")
            let text = try await TestBrowser(port: live.server.port).get("/metrics").text
            #expect((metric(text, "storefront_http_open_connections") ?? 0) >= 2)
            #expect(MetricsTextValidator.problems(in: text) == [])
            withExtendedLifetime(idle) {} // its connection must stay open until the scrape has counted it
        }
    }
}
