import Foundation
import PluginKit
@testable import RedisCache
import Testing

/// What the Redis cache reads back when someone else wrote the key: never more than `maxValueBytes` crosses
/// the wire, and a key of another type is a miss, not an outage.
// Serialized, with calls allowed 5 s: a 250 ms timeout beside a large write was once taken for an outage in a full
// run on two busy cores.
@Suite("Redis values written by others", .serialized, .timeLimit(.minutes(1)))
struct RedisValueLimitTests {
    /// A cache on the test Redis and a raw connection beside it; nil (a skip) when no Redis was started outside CI.
    func withRedis(_ body: (RedisCache, RedisConnection, String) async throws -> Void) async throws {
        guard let url = RedisTestServer.url else {
            if RedisTestServer.inCI { throw MissingServer(variable: "STOREFRONT_TEST_REDIS_URL") }
            return
        }
        let prefix = "limits:\(UUID().uuidString.prefix(8)):"
        let cache = try await RedisCache.make(options: PluginOptions(["url": url, "prefix": prefix, "timeoutMilliseconds": "5000"], keyPath: "cache.options"),
                                               logger: .discarding)
        let parsed = try #require(URLComponents(string: url))
        let raw = RedisConnection(host: parsed.host ?? "127.0.0.1", port: parsed.port ?? 6379, timeoutMilliseconds: 5_000,
                                  label: "raw", health: RedisHealth())
        do { try await body(cache, raw, prefix) } catch {
            await cache.shutdown(); await raw.close()
            throw error
        }
        await cache.shutdown()
        await raw.close()
    }

    func sentBytes(_ raw: RedisConnection) async throws -> Int {
        guard case .string(let info) = try await raw.run([Array("INFO".utf8), Array("stats".utf8)]) else { return 0 }
        let line = String(decoding: info, as: UTF8.self).split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_net_output_bytes:") }
        return line.flatMap { Int($0.dropFirst("total_net_output_bytes:".count)) } ?? 0
    }

    @Test("a 20 MB value put there by another program reads as missing, and little more than maxValueBytes of it is sent")
    func oversizedValue() async throws {
        // A redis-server of its own: INFO counts the bytes the whole server sent, and other suites share the test Redis.
        guard let started = try await RedisFaultTests.serverAndCache(poolSize: 1, timeoutMilliseconds: 5_000) else { return }
        let raw = RedisConnection(host: "127.0.0.1", port: started.port, timeoutMilliseconds: 5_000, label: "raw", health: RedisHealth())
        let junk = [UInt8](repeating: 0x5A, count: 20 << 20)
        _ = try? await raw.run([Array("SET".utf8), Array("outage:catalog:x".utf8), junk])
        let before = try? await sentBytes(raw)
        #expect(try await started.cache.get("catalog:x") == nil)
        // INFO's own reply counts too; the 20 MB would dwarf it.
        let after = try? await sentBytes(raw)
        #expect((after ?? .max) - (before ?? 0) < 2 << 20)
        await started.cache.shutdown()
        await raw.close()
        await RedisFaultTests.stop(started.server)
    }

    @Test("a key of another type reads as missing and is overwritten by set, without an error")
    func otherType() async throws {
        try await withRedis { cache, raw, prefix in
            _ = try await raw.run([Array("RPUSH".utf8), Array((prefix + "session:x").utf8), Array("junk".utf8)])
            #expect(try await cache.get("session:x") == nil)
            try await cache.set("session:x", [1], ttl: .seconds(30))
            #expect(try await cache.get("session:x") == [1])
            _ = try await raw.run([Array("RPUSH".utf8), Array((prefix + "throttle:x").utf8), Array("junk".utf8)])
            #expect(try await cache.increment("throttle:x", ttl: .seconds(30)) == 1)
        }
    }
}
