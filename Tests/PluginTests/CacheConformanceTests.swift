import Foundation
import Logging
import MemoryCache
import RedisCache
import PluginKit
import Testing

/// The behaviour every `Cache` plugin promises, run against each implementation this machine can reach.
@Suite("Cache conformance", .timeLimit(.minutes(1)))
struct CacheConformanceTests {
    static var implementations: [CacheImplementation] { CacheImplementation.available }

    @Test("a value set is read back; a missing key is nil", arguments: implementations)
    func setAndGet(_ implementation: CacheImplementation) async throws {
        try await implementation.with { cache, key in
            #expect(try await cache.get(key("missing")) == nil)
            try await cache.set(key("a"), Array("사과".utf8), ttl: nil)
            #expect(try await cache.get(key("a")) == Array("사과".utf8))
        }
    }

    @Test("a value past its TTL is gone", arguments: implementations)
    func ttlExpires(_ implementation: CacheImplementation) async throws {
        try await implementation.with { cache, key in
            let stored = ContinuousClock.now
            try await cache.set(key("short"), [1], ttl: .milliseconds(1_100))
            let early = try await cache.get(key("short"))
            // A machine slow enough to pass the TTL before reading back proves nothing either way.
            if ContinuousClock.now - stored < .milliseconds(1_000) { #expect(early == [1]) }
            try await Task.sleep(for: .milliseconds(2_200))
            #expect(try await cache.get(key("short")) == nil)
        }
    }

    @Test("delete removes one key; deletePrefix removes a whole namespace and nothing else", arguments: implementations)
    func deletes(_ implementation: CacheImplementation) async throws {
        try await implementation.with { cache, key in
            for name in ["catalog:1", "catalog:2", "product:1"] { try await cache.set(key(name), [1], ttl: nil) }
            try await cache.delete(key("product:1"))
            #expect(try await cache.get(key("product:1")) == nil)
            try await cache.set(key("product:1"), [1], ttl: nil)
            try await cache.deletePrefix(key("catalog:"))
            #expect(try await cache.get(key("catalog:1")) == nil)
            #expect(try await cache.get(key("catalog:2")) == nil)
            #expect(try await cache.get(key("product:1")) == [1])
        }
    }

    @Test("increment counts from 1 and the counter expires with its TTL", arguments: implementations)
    func counters(_ implementation: CacheImplementation) async throws {
        try await implementation.with { cache, key in
            let started = ContinuousClock.now
            #expect(try await cache.increment(key("tries"), ttl: .seconds(1)) == 1)
            let second = try await cache.increment(key("tries"), ttl: .seconds(1))
            if ContinuousClock.now - started < .milliseconds(900) { #expect(second == 2) }
            try await Task.sleep(for: .milliseconds(2_100))
            #expect(try await cache.increment(key("tries"), ttl: .seconds(1)) == 1)
        }
    }

    @Test("a key holding anything but a count restarts at 1 on increment and counts from there",
          arguments: implementations, ["junk", "-1000000", "0", "05", "+5", " 5", "1.5", "9223372036854775807"])
    func incrementOverJunk(_ implementation: CacheImplementation, junk: String) async throws {
        try await implementation.with { cache, key in
            try await cache.set(key("tries"), Array(junk.utf8), ttl: .seconds(30))
            #expect(try await cache.increment(key("tries"), ttl: .seconds(30)) == 1)
            #expect(try await cache.increment(key("tries"), ttl: .seconds(30)) == 2)
        }
    }

    @Test("a count stored without an expiry is given the TTL by increment", arguments: implementations)
    func incrementGivesTTL(_ implementation: CacheImplementation) async throws {
        try await implementation.with { cache, key in
            try await cache.set(key("tries"), Array("4".utf8), ttl: nil)
            #expect(try await cache.increment(key("tries"), ttl: .seconds(1)) == 5)
            try await Task.sleep(for: .milliseconds(2_100))
            #expect(try await cache.get(key("tries")) == nil)
        }
    }

    @Test("an empty value or one over maxValueBytes is not stored, and it removes what the key held", arguments: implementations)
    func valueBounds(_ implementation: CacheImplementation) async throws {
        try await implementation.with { cache, key in
            try await cache.set(key("a"), [1], ttl: nil)
            try await cache.set(key("a"), [], ttl: nil)
            #expect(try await cache.get(key("a")) == nil)
            try await cache.set(key("b"), [1], ttl: nil)
            try await cache.set(key("b"), [UInt8](repeating: 7, count: (1 << 20) + 1), ttl: nil)
            #expect(try await cache.get(key("b")) == nil)
            let largest = [UInt8](repeating: 7, count: 1 << 20)
            try await cache.set(key("c"), largest, ttl: nil)
            #expect(try await cache.get(key("c")) == largest)
        }
    }

    @Test("concurrent increments lose no count", arguments: implementations)
    func concurrentIncrements(_ implementation: CacheImplementation) async throws {
        try await implementation.with { cache, key in
            let hits = key("hits")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 { group.addTask { _ = try await cache.increment(hits, ttl: .seconds(30)) } }
                try await group.waitForAll()
            }
            #expect(try await cache.increment(key("hits"), ttl: .seconds(30)) == 51)
        }
    }
}

/// A cache plugin under test and how to reach it.
struct CacheImplementation: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any Cache

    var testDescription: String { name }

    /// memory always; redis when the test command started one (`STOREFRONT_TEST_REDIS_URL`). In CI a
    /// missing server is a failure, not a skip.
    static var available: [CacheImplementation] {
        var list = [CacheImplementation(name: "memory") { MemoryCache() }]
        list += RedisTestServer.cacheImplementations
        return list
    }

    /// Runs `body` with a fresh cache and a key function that keeps this run's keys apart.
    func with(_ body: (any Cache, (String) -> String) async throws -> Void) async throws {
        let cache = try await make()
        let run = UUID().uuidString.prefix(8)
        do {
            try await body(cache) { "test:\(run):\($0)" }
        } catch {
            await cache.shutdown()
            throw error
        }
        await cache.shutdown()
    }
}

/// The loopback Redis the test command starts, if any.
enum RedisTestServer {
    static var url: String? { ProcessInfo.processInfo.environment["STOREFRONT_TEST_REDIS_URL"] }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static var cacheImplementations: [CacheImplementation] {
        guard let url else {
            // Never a silent skip in CI: the test command starts Redis, so its absence is a failure.
            return inCI ? [CacheImplementation(name: "redis") { throw MissingServer(variable: "STOREFRONT_TEST_REDIS_URL") }] : []
        }
        return [CacheImplementation(name: "redis") {
            try await RedisCache.make(options: PluginOptions(["url": url, "prefix": "conformance:", "timeoutMilliseconds": "5000"], keyPath: "cache.options"), logger: .discarding)
        }]
    }
}

@Suite("Memory cache bounds")
struct MemoryCacheBoundsTests {
    @Test("the least recently used entry is evicted when the entry bound is reached")
    func lruEviction() async throws {
        let cache = MemoryCache(maxEntries: 2)
        try await cache.set("a", [1], ttl: nil)
        try await cache.set("b", [2], ttl: nil)
        _ = try await cache.get("a")
        try await cache.set("c", [3], ttl: nil)
        #expect(try await cache.get("b") == nil)
        #expect(try await cache.get("a") == [1])
        #expect(try await cache.get("c") == [3])
    }

    @Test("the byte bound evicts old entries and refuses a single value larger than the whole cache")
    func byteBound() async throws {
        let cache = MemoryCache(maxEntries: 100, maxBytes: 1_000)
        for index in 0..<10 { try await cache.set("k\(index)", [UInt8](repeating: 0, count: 200), ttl: nil) }
        #expect(cache.count <= 3)
        try await cache.set("huge", [UInt8](repeating: 0, count: 5_000), ttl: nil)
        #expect(try await cache.get("huge") == nil)
    }

    @Test("a 64 KiB cache holds no more 10-byte values than their keys, buffers and bookkeeping fit")
    func countsWhatEntriesCost() async throws {
        let cache = MemoryCache(maxEntries: 100_000, maxBytes: 64 << 10)
        for index in 0..<2_000 { try await cache.set("product:\(index)-0123456789", [UInt8](repeating: 1, count: 10), ttl: nil) }
        // Each entry takes at least a 48-byte block for the value, a 64-byte one for the 27-byte key, and its
        // node and index slots; counting only key and value bytes (plus 64) let twice as many in.
        #expect(cache.count <= (64 << 10) / 150)
    }

    @Test("a value with spare capacity is kept without it")
    func compactsValues() async throws {
        let cache = MemoryCache()
        var rendered = [UInt8]()
        rendered.reserveCapacity(24 * 1024)
        rendered += Array("<li>사과</li>".utf8)
        try await cache.set("catalog:1", rendered, ttl: nil)
        let stored = try #require(try await cache.get("catalog:1"))
        #expect(stored == rendered)
        #expect(stored.capacity < 1024)
    }

    @Test("unknown or out-of-range options are errors naming the key")
    func options() {
        #expect(throws: PluginError(keyPath: "cache.options.maxentries", "unknown option; known: maxEntries, maxBytes, maxValueBytes, ttlSeconds")) {
            try MemoryCache(options: PluginOptions(["maxentries": "5"], keyPath: "cache.options"))
        }
        #expect(throws: PluginError.self) { try MemoryCache(options: PluginOptions(["maxEntries": "-1"], keyPath: "cache.options")) }
    }
}

/// A server the test command should have started is not there.
struct MissingServer: Error, CustomStringConvertible {
    let variable: String
    var description: String { "\(variable) is not set: run the tests with bash .ci/test, which starts the server" }
}
