import Foundation
import InProcessQueue
import Logging
import MemoryCache
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// The catalog listing (a fragment shared by every shopper), product data and sessions in the cache plugin:
/// invalidated by stock.changed, and never in the way when the cache is down.
@Suite("Pages with the cache plugin", .timeLimit(.minutes(1)))
struct CachedPagesTests {
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
            #expect(cache.count == 2) // the listing, and the whole page as visitors see it
            for page in pages { #expect(page.first("//h2[@class='card-title']")?.text == "사과") }
            // The CSRF tokens in the headers differ: each page's forms carry their own shopper's token.
            let tokens = pages.compactMap { $0.first("//form[@action='/logout']//input[@name='_csrf']")?.attribute("value") }
            #expect(tokens == [first.csrf, second.csrf])
            #expect(pages[0].first("//form[@action='/logout']") == nil)
        }
    }

    @Test("a visitor's catalog is one cached page for every visitor: no CSRF token in it, no cookie with it; a page with a form issues the cookie")
    func visitorsShareOnePage() async throws {
        let cache = MemoryCache()
        try await withLiveShop(plugins: ShopPlugins(cache: cache)) { live in
            let first = TestBrowser(port: live.server.port), second = TestBrowser(port: live.server.port)
            let pages = try await [first.get("/"), second.get("/")]
            #expect(pages[0].body == pages[1].body)
            #expect(try await cache.get(CatalogPages.visitorPageKey(CatalogRequest())) != nil)
            #expect(pages.allSatisfy { $0.headers["Set-Cookie"] == nil })
            #expect(!pages[0].text.contains("_csrf"))
            #expect(first.cookies.isEmpty)
            let product = try await first.get("/products/\(live.product.id)")
            let token = try #require(first.cookies[SessionMiddleware.csrfCookie])
            #expect(try HTMLDocument(product).first("//input[@name='_csrf']")?.attribute("value") == token)
        }
    }

    @Test("a visitor arriving with a flash gets the catalog drawn for them, flash shown, and the shared page stays without it")
    func visitorWithFlash() async throws {
        let cache = MemoryCache()
        try await withLiveShop(plugins: ShopPlugins(cache: cache)) { live in
            let browser = TestBrowser(port: live.server.port)
            browser.setCookie(SessionMiddleware.flashCookie, Flash.signedOut.rawValue)
            let page = try HTMLDocument(try await browser.get("/"))
            #expect(page.first("//div[contains(@class,'flash')]")?.text == Flash.signedOut.message)
            #expect(try await cache.get(CatalogPages.visitorPageKey(CatalogRequest())) == nil)
            let next = try HTMLDocument(try await browser.get("/"))
            #expect(next.first("//div[contains(@class,'flash')]") == nil)
            #expect(try await cache.get(CatalogPages.visitorPageKey(CatalogRequest())) != nil)
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

    @Test("a product page's data is cached, and a stock change drops it on the way through the queue")
    func productPageCached() async throws {
        let cache = MemoryCache(), queue = InProcessQueue()
        try await withLiveShop(plugins: ShopPlugins(cache: cache, queue: queue)) { live in
            let viewer = TestBrowser(port: live.server.port)
            let path = "/products/\(live.product.id)"
            func stockState() async throws -> String? { try HTMLDocument(try await viewer.get(path)).first("//p[@id='stock-state']")?.text }
            let before = try await stockState()
            #expect(try await cache.get(CacheKeys.product(live.product.id)) != nil)
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await shopper.addToCart(quantity: 4)
            _ = try await shopper.checkout(method: "toss.card")
            try await eventually { try await stockState() != before }
            #expect(try await stockState() == "1개 남음")
        }
    }

    @Test("with sessionStore cache, a signed-in shopper's session is kept in the cache and survives the cache being emptied")
    func sessionsInCache() async throws {
        let cache = MemoryCache()
        try await withLiveShop(plugins: ShopPlugins(cache: cache), configure: { $0.server.sessionStore = "cache" }) { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await cache.deletePrefix("catalog:")
            #expect(cache.count == 1) // the session
            try await cache.deletePrefix("session:")
            let page = try HTMLDocument(try await shopper.shopBrowser.get("/orders"))
            #expect(page.first("//h1")?.text == "주문내역")
            #expect(cache.count == 1)
        }
    }

    @Test("junk under the catalog's cache key is not served: GET / shows the catalog, and the junk is logged once and replaced")
    func junkListing() async throws {
        let cache = MemoryCache(), logs = InMemoryLogHandler()
        try await withLiveShop(plugins: ShopPlugins(cache: cache), logger: logs.logger) { live in
            try await cache.set(CatalogPages.cacheKey(CatalogRequest()), Array("<b>junk</b>".utf8), ttl: .seconds(60))
            let browser = TestBrowser(port: live.server.port)
            for _ in 0..<2 {
                let response = try await browser.get("/")
                #expect(response.status == 200)
                let page = try HTMLDocument(response)
                #expect(page.first("//h2[@class='card-title']")?.text == "사과")
                #expect(page.first("//b[.='junk']") == nil)
            }
            #expect(logs.entries("cache_entry_rejected").filter { $0.metadata["namespace"] == "catalog" }.count == 1)
        }
    }

    @Test("with the cache down the catalog is served from the database and the outage is logged once")
    func cacheDown() async throws {
        let logs = InMemoryLogHandler()
        try await withLiveShop(plugins: ShopPlugins(cache: DownCache()), logger: logs.logger) { live in
            let browser = TestBrowser(port: live.server.port)
            for _ in 0..<3 {
                let response = try await browser.get("/")
                #expect(response.status == 200)
                #expect(try HTMLDocument(response).first("//h2[@class='card-title']")?.text == "사과")
            }
            #expect(logs.entries("cache_unavailable").count == 1)
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
