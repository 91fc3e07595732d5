import Foundation
import Logging
import PluginKit
import RedisCache
import Testing
import TestSupport

/// Redis going away and coming back, with a redis-server of the test's own on a loopback port.
@Suite("Redis outage", .timeLimit(.minutes(1)))
struct RedisFaultTests {
    static var serverPath: String? {
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func startServer(port: Int) throws -> ChildProcess {
        try ChildProcess(serverPath ?? "/usr/bin/redis-server",
                         ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    }

    /// Kills the server abruptly, as an outage would, and waits for it to be gone.
    static func stop(_ server: ChildProcess) async {
        server.signal(SIGKILL)
        await server.waitForExit(timeout: .seconds(30))
    }

    static func answers(_ cache: RedisCache) async -> Bool {
        (try? await cache.set("probe", [1], ttl: .seconds(5))) != nil
    }

    static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        // Generous: a loaded two-core machine can stall a test for many seconds, and only failure waits it out.
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("calls fail fast as unavailable while Redis is down, and the cache works again once it is back")
    func outageAndRecovery() async throws {
        guard Self.serverPath != nil || ProcessInfo.processInfo.environment["CI"] == "true" else { return }
        // Above the broker's and the CI services' ranges, below the ephemeral one.
        let port = LoopbackPort.unused(in: 29_000...31_999) ?? 29_000
        var server = try Self.startServer(port: port)
        let cache = RedisCache(host: "127.0.0.1", port: port, prefix: "outage:", poolSize: 2, timeoutMilliseconds: 200, logger: .discarding)
        #expect(try await Self.eventually { await Self.answers(cache) })

        await Self.stop(server)
        let started = ContinuousClock.now
        await #expect(throws: CacheError.self) { _ = try await cache.get("probe") }
        #expect(ContinuousClock.now - started < .seconds(10), "a hung call would wait out the test's time limit")

        server = try Self.startServer(port: port)
        #expect(try await Self.eventually { await Self.answers(cache) })
        // Every pooled connection comes back (each retries at most once a second).
        #expect(try await Self.eventually {
            let first = try? await cache.get("probe"), second = try? await cache.get("probe")
            return first == [1] && second == [1]
        })
        await cache.shutdown()
        await Self.stop(server)
    }

    @Test("a connection logs losing Redis once, however many calls fail, and logs it back once")
    func outageLogged() async throws {
        guard Self.serverPath != nil || ProcessInfo.processInfo.environment["CI"] == "true" else { return }
        let port = LoopbackPort.unused(in: 29_000...31_999) ?? 29_000
        var server = try Self.startServer(port: port)
        let logs = InMemoryLogHandler()
        let cache = RedisCache(host: "127.0.0.1", port: port, prefix: "outage:", poolSize: 1, timeoutMilliseconds: 200, logger: logs.logger)
        #expect(try await Self.eventually { await Self.answers(cache) })
        // Calls made before the new server listened may have logged a short outage of their own.
        let before = logs.entries.count

        await Self.stop(server)
        for _ in 0..<3 { _ = try? await cache.get("probe") }
        server = try Self.startServer(port: port)
        #expect(try await Self.eventually { await Self.answers(cache) })
        let outage = logs.entries.dropFirst(before)
        #expect(outage.map(\.event) == ["cache_server_lost", "cache_server_back"])
        #expect(outage.first?.level == .warning)
        #expect(outage.first?.metadata["server"] == "127.0.0.1:\(port)")
        await cache.shutdown()
        await Self.stop(server)
    }

    @Test("an unreachable Redis at startup is an error naming the key, unless startDegraded is set")
    func unreachableAtStartup() async throws {
        let options = ["url": "redis://127.0.0.1:1", "timeoutMilliseconds": "100"]
        await #expect(throws: PluginError.self) {
            _ = try await RedisCache.make(options: PluginOptions(options, keyPath: "cache.options"), logger: .discarding)
        }
        var degraded = options
        degraded["startDegraded"] = "true"
        let cache = try await RedisCache.make(options: PluginOptions(degraded, keyPath: "cache.options"), logger: .discarding)
        await cache.shutdown()
    }
}
