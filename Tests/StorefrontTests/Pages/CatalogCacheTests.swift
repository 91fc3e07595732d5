import Foundation
import InProcessQueue
import MemoryCache
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// The catalog listing cached as a fragment shared by every shopper, invalidated by stock.changed, and
/// never in the way when the cache is down.
@Suite("Catalog fragment cache", .timeLimit(.minutes(1)))
struct CatalogCacheTests {
    func stockText(_ live: LiveShop, _ browser: TestBrowser) async throws -> String? {
        try HTMLDocument(try await browser.get("/")).first("//li[contains(@class,'card')][.//h2='사과']//p[contains(@class,'stock')]")?.text
    }

    @Test("the listing is cached once for everyone, while each shopper's header stays their own")
    func sharedListingOwnHeader() async throws {
        let cache = MemoryCache()
        try await withLiveShop(plugins: ShopPlugins(cache: cache)) { live in
            _ = try await live.shop.signedUp("second")
            let anonymous = TestBrowser(port: live.server.port)
            let first = ScriptedShopper(live), second = ScriptedShopper(live)
            try await first.signIn()
            try await second.signIn(as: "second")
            try await first.addToCart(quantity: 2)

            let pages = try await [anonymous.get("/"), first.shopBrowser.get("/"), second.shopBrowser.get("/")].map(HTMLDocument.init)
            #expect(cache.count == 1)
            for page in pages { #expect(page.first("//h2[@class='card-title']")?.text == "사과") }
            // The CSRF tokens in the headers differ: each page's forms carry their own shopper's token.
            let tokens = pages.compactMap { $0.first("//form[@action='/logout']//input[@name='_csrf']")?.attribute("value") }
            #expect(tokens == [first.csrf, second.csrf])
            #expect(pages[0].first("//form[@action='/logout']") == nil)
        }
    }

    @Test("a stock change reaches the cached catalog through the queue within a second")
    func stockChangeInvalidates() async throws {
        let cache = MemoryCache(), queue = InProcessQueue()
        try await withLiveShop(plugins: ShopPlugins(cache: cache, queue: queue)) { live in
            let viewer = TestBrowser(port: live.server.port)
            let before = try await stockText(live, viewer)
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await shopper.addToCart(quantity: 4)
            _ = try await shopper.checkout(method: "toss.card")
            #expect(try await live.stock() == 1)
            try await eventually { try await stockText(live, viewer) != before }
        }
    }

    @Test("with the cache down the catalog is served from the database and the outage is logged once")
    func cacheDown() async throws {
        let logs = LogLines()
        try await withLiveShop(plugins: ShopPlugins(cache: DownCache()), log: logs.add) { live in
            let browser = TestBrowser(port: live.server.port)
            for _ in 0..<3 {
                let response = try await browser.get("/")
                #expect(response.status == 200)
                #expect(try HTMLDocument(response).first("//h2[@class='card-title']")?.text == "사과")
            }
            #expect(logs.lines.filter { $0.hasPrefix("event=cache_unavailable") }.count == 1)
        }
    }
}

/// A cache whose server is gone.
struct DownCache: Cache {
    func get(_ key: String) async throws(CacheError) -> [UInt8]? { throw CacheError(.unavailable, "down (test)") }
    func set(_ key: String, _ value: [UInt8], ttl: Duration?) async throws(CacheError) { throw CacheError(.unavailable, "down (test)") }
    func delete(_ key: String) async throws(CacheError) { throw CacheError(.unavailable, "down (test)") }
    func deletePrefix(_ prefix: String) async throws(CacheError) { throw CacheError(.unavailable, "down (test)") }
    func increment(_ key: String, ttl: Duration) async throws(CacheError) -> Int { throw CacheError(.unavailable, "down (test)") }
    func shutdown() async {}
}
