import Foundation
import Logging
import MemoryCache
import PluginKit
import RedisCache
import Testing
@testable import Storefront

/// A cache plugin the shop's junk tests run on: memory always, Redis when the test command started one (in CI
/// its absence is a failure), so both are shown to behave alike byte for byte.
struct ShopCachePlugin: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any Cache
    var testDescription: String { name }

    static var available: [ShopCachePlugin] {
        let environment = ProcessInfo.processInfo.environment
        var list = [ShopCachePlugin(name: "memory") { MemoryCache() }]
        if let url = environment["STOREFRONT_TEST_REDIS_URL"] {
            list.append(ShopCachePlugin(name: "redis") {
                try await RedisCache.make(options: PluginOptions(["url": url, "prefix": "junk:\(UUID().uuidString.prefix(8)):", "timeoutMilliseconds": "5000"],
                                                                 keyPath: "cache.options"), logger: .discarding)
            })
        } else if environment["CI"] == "true" {
            list.append(ShopCachePlugin(name: "redis") { throw CacheError(.unavailable, "STOREFRONT_TEST_REDIS_URL is not set") })
        }
        return list
    }

    /// Runs `body` with the plugin, a shop cache over it and what the shop cache logged.
    func with(_ body: (any Cache, ShopCache, InMemoryLogHandler) async throws -> Void) async throws {
        let plugin = try await make()
        let logs = InMemoryLogHandler()
        do { try await body(plugin, ShopCache(cache: plugin, logger: logs.logger), logs) } catch {
            await plugin.shutdown()
            throw error
        }
        await plugin.shutdown()
    }
}

/// Something other than what the shop wrote, found under a key it reads.
struct Junk: Sendable, CustomTestStringConvertible {
    let testDescription: String
    /// The logged reason.
    let reason: String
    let bytes: @Sendable (_ key: String) -> [UInt8]

    static let all: [Junk] = [
        Junk(testDescription: "markup", reason: "not_an_envelope") { _ in Array("<b>junk</b>".utf8) },
        Junk(testDescription: "random bytes", reason: "not_an_envelope") { _ in (0..<4096).map { _ in UInt8.random(in: 0...255) } },
        Junk(testDescription: "another envelope version", reason: "not_an_envelope") { key in
            var sealed = CacheEnvelope.seal(Array("<li>옛 목록</li>".utf8), key: key)
            sealed[3] = 2
            return sealed
        },
        Junk(testDescription: "another key's entry", reason: "other_key") { _ in CacheEnvelope.seal(Array("<li>다른 목록</li>".utf8), key: "catalog:other") },
        Junk(testDescription: "an entry cut short", reason: "checksum") { key in Array(CacheEnvelope.seal(Array("<li>사과</li>".utf8), key: key).dropLast(3)) },
        Junk(testDescription: "an entry with one byte changed", reason: "checksum") { key in
            var sealed = CacheEnvelope.seal(Array("<li>사과</li>".utf8), key: key)
            sealed[sealed.count - 10] ^= 1
            return sealed
        },
    ]
}

@Suite("cached values the shop did not write", .timeLimit(.minutes(1)))
struct ShopCacheJunkTests {
    struct Named: Codable, Sendable, Equatable { let name: String }

    func rejections(_ logs: InMemoryLogHandler) -> [String] {
        logs.entries("cache_entry_rejected").map { "namespace=\($0.metadata["namespace"]?.description ?? "") reason=\($0.metadata["reason"]?.description ?? "")" }
    }

    @Test("junk under a fragment's key is a miss: rendered afresh, logged once, and overwritten",
          arguments: ShopCachePlugin.available, Junk.all)
    func junkFragment(_ plugin: ShopCachePlugin, junk: Junk) async throws {
        try await plugin.with { raw, shop, logs in
            let key = "catalog:\u{1F}\u{1F}"
            try await raw.set(key, junk.bytes(key), ttl: .seconds(30))
            var renders = 0
            for _ in 0..<2 {
                let html = await shop.fetch(key) { renders += 1; return Array("<li>사과</li>".utf8) }
                #expect(html == Array("<li>사과</li>".utf8))
            }
            #expect(renders == 1)
            #expect(rejections(logs) == ["namespace=catalog reason=\(junk.reason)"])
        }
    }

    @Test("junk written over a fragment the shop has read (and remembered opening) is still a miss",
          arguments: ShopCachePlugin.available, Junk.all)
    func junkAfterAGoodRead(_ plugin: ShopCachePlugin, junk: Junk) async throws {
        try await plugin.with { raw, shop, logs in
            let key = "catalog:\u{1F}\u{1F}"
            #expect(await shop.fetch(key) { Array("<li>사과</li>".utf8) } == Array("<li>사과</li>".utf8))
            #expect(await shop.fetch(key) { Array("<li>다시 그림</li>".utf8) } == Array("<li>사과</li>".utf8))
            try await raw.set(key, junk.bytes(key), ttl: .seconds(30))
            #expect(await shop.fetch(key) { Array("<li>배</li>".utf8) } == Array("<li>배</li>".utf8))
            #expect(rejections(logs) == ["namespace=catalog reason=\(junk.reason)"])
        }
    }

    @Test("product 1's data stored as product:2 is a miss, and product 2 is loaded", arguments: ShopCachePlugin.available)
    func otherKeysValue(_ plugin: ShopCachePlugin) async throws {
        try await plugin.with { raw, shop, logs in
            try await raw.set("product:2", CacheEnvelope.seal(Array(try JSONEncoder().encode(Named(name: "사과"))), key: "product:1"),
                              ttl: .seconds(30))
            #expect(await shop.value("product:2") { Named(name: "배") } == Named(name: "배"))
            #expect(await shop.value("product:2") { Named(name: "load again") } == Named(name: "배"))
            #expect(rejections(logs) == ["namespace=product reason=other_key"])
        }
    }

    @Test("an intact entry whose JSON is not the value's (another version's shape) is a miss, logged once and replaced",
          arguments: ShopCachePlugin.available)
    func undecodableValue(_ plugin: ShopCachePlugin) async throws {
        try await plugin.with { raw, shop, logs in
            try await raw.set("product:3", CacheEnvelope.seal(Array(#"{"title":"사과"}"#.utf8), key: "product:3"), ttl: .seconds(30))
            #expect(await shop.value("product:3") { Named(name: "사과") } == Named(name: "사과"))
            #expect(await shop.value("product:3") { Named(name: "load again") } == Named(name: "사과"))
            #expect(rejections(logs) == ["namespace=product reason=undecodable"])
        }
    }

    @Test("a value the shop stored reads back as it was, under its key only")
    func roundTrip() {
        let payload = Array("<li>사과 12,900원</li>".utf8)
        let sealed = CacheEnvelope.seal(payload, key: "catalog:1")
        #expect(CacheEnvelope.open(sealed, key: "catalog:1") == .success(payload))
        #expect(CacheEnvelope.open(sealed, key: "catalog:2") == .failure(.otherKey))
        #expect(CacheEnvelope.open(sealed, key: "catalog:") == .failure(.otherKey))
        #expect(CacheEnvelope.open(CacheEnvelope.seal([], key: ""), key: "") == .success([]))
    }

    @Test("the checksum is XXH64 as published", arguments: [
        ("", 0xEF46_DB37_51D8_E999 as UInt64), ("a", 0xD24E_C4F1_A98C_6E5B), ("abc", 0x44BC_2CF5_AD77_0999),
        ("Nobody inspects the spammish repetition", 0xFBCE_A83C_8A37_8BF1),
    ])
    func checksum(_ text: String, _ expected: UInt64) {
        #expect(XXH64.hash(Array(text.utf8)) == expected)
    }
}
