import Foundation
import Logging
import PluginKit
import RedisCache
import Synchronization
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

    /// A redis-server of the test's own on a free loopback port (above the broker's and the CI services' ranges,
    /// below the ephemeral one) and a cache on it, once it answers; nil where none is installed, outside CI.
    static func serverAndCache(poolSize: Int, timeoutMilliseconds: Int,
                               logger: Logger = .discarding) async throws -> (server: ChildProcess, port: Int, cache: RedisCache)? {
        guard serverPath != nil || ProcessInfo.processInfo.environment["CI"] == "true" else { return nil }
        let port = LoopbackPort.unused(in: 29_000...31_999) ?? 29_000
        let server = try startServer(port: port)
        let cache = RedisCache(host: "127.0.0.1", port: port, prefix: "outage:", poolSize: poolSize, timeoutMilliseconds: timeoutMilliseconds,
                               logger: logger)
        #expect(try await eventually { await answers(cache) })
        return (server, port, cache)
    }

    @Test("calls fail fast as unavailable while Redis is down, and the cache works again once it is back")
    func outageAndRecovery() async throws {
        guard let started = try await Self.serverAndCache(poolSize: 2, timeoutMilliseconds: 200) else { return }
        var server = started.server
        let cache = started.cache

        await Self.stop(server)
        let asked = ContinuousClock.now
        await #expect(throws: CacheError.self) { _ = try await cache.get("probe") }
        #expect(ContinuousClock.now - asked < .seconds(10), "a hung call would wait out the test's time limit")

        server = try Self.startServer(port: started.port)
        #expect(try await Self.eventually { await Self.answers(cache) })
        // Every pooled connection comes back (the pool probes once a second; then each reconnects).
        #expect(try await Self.eventually {
            let first = try? await cache.get("probe"), second = try? await cache.get("probe")
            return first == [1] && second == [1]
        })
        await cache.shutdown()
        await Self.stop(server)
    }

    @Test("the pool logs losing Redis once, however many calls fail, and logs it back once")
    func outageLogged() async throws {
        let logs = InMemoryLogHandler()
        guard let started = try await Self.serverAndCache(poolSize: 4, timeoutMilliseconds: 200, logger: logs.logger) else { return }
        var server = started.server
        let cache = started.cache
        // Calls made before the new server listened may have logged a short outage of their own.
        let before = logs.entries.count

        await Self.stop(server)
        for _ in 0..<8 { _ = try? await cache.get("probe") }
        server = try Self.startServer(port: started.port)
        #expect(try await Self.eventually { await Self.answers(cache) })
        for _ in 0..<8 { _ = try? await cache.get("probe") }
        let outage = logs.entries.dropFirst(before)
        #expect(outage.map(\.event) == ["cache_server_lost", "cache_server_back"])
        #expect(outage.first?.level == .warning)
        #expect(outage.first?.metadata["server"] == "127.0.0.1:\(started.port)")
        await cache.shutdown()
        await Self.stop(server)
    }

    @Test("one outage (paused, killed, restarted) is one outage for the whole pool: one lost and one back, none failing after it")
    func oneOutageOneRun() async throws {
        let logs = InMemoryLogHandler()
        guard let started = try await Self.serverAndCache(poolSize: 4, timeoutMilliseconds: 1_000, logger: logs.logger) else { return }
        let before = logs.entries.count
        var server = started.server
        let cache = started.cache

        // What the shop sees, in the order calls finish: each change between answering and failing is one log line.
        let calls = Calls()
        func count(_ answered: Bool) -> Int { calls.outcomes.withLock { $0.filter { $0 == answered }.count } }
        try await withThrowingTaskGroup(of: Void.self) { shoppers in
            for _ in 0..<8 {
                shoppers.addTask {
                    while !calls.done.load(ordering: .relaxed) {
                        let answered: Bool
                        do { _ = try await cache.get("steady"); answered = true } catch { answered = false }
                        calls.outcomes.withLock { $0.append(answered) }
                        try await Task.sleep(for: .milliseconds(5)) // pacing, so the loops leave the cores to the rest
                    }
                }
            }
            #expect(try await Self.eventually { count(true) >= 50 })
            server.signal(SIGSTOP)
            #expect(try await Self.eventually { count(false) >= 50 })
            await Self.stop(server)
            server = try Self.startServer(port: started.port)
            let restarted = calls.outcomes.withLock { $0.count }
            #expect(try await Self.eventually {
                calls.outcomes.withLock { $0.count - restarted >= 400 && !$0.suffix(200).contains(false) }
            })
            calls.done.store(true, ordering: .relaxed)
            try await shoppers.waitForAll()
        }
        // The pool's own view, not the order in which eight busy tasks got round to noting their results (under load a
        // success can be noted after a failure that came later): with a health per connection this logged 4-7 pairs.
        let outage = logs.entries.dropFirst(before).map(\.event)
        #expect(outage == ["cache_server_lost", "cache_server_back"], "the pool logged \(outage)")
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

/// Calls made during an outage test, shared by the tasks making them.
private final class Calls: Sendable {
    /// Whether each call answered, in the order they finished.
    let outcomes = Mutex<[Bool]>([])
    let done = Atomic<Bool>(false)
}
