import Foundation
import Logging
import PluginKit
import Synchronization

/// The `redis` cache: shared by every storefront instance, over hiredis with a small pool of
/// connections, timeouts and reconnects. Keys are namespaced by `prefix`, so several shops (or test
/// runs) can share one Redis. A down Redis makes calls fail fast with `.unavailable`; the storefront then
/// serves from the database and caching resumes by itself when Redis is back. Each pooled connection logs
/// `cache_server_lost` (warning) when it loses Redis and `cache_server_back` (notice) when it has it again.
public final class RedisCache: Cache {
    private let connections: [RedisConnection]
    private let next = Atomic<Int>(0)
    let prefix: String
    let maxValueBytes: Int

    public init(host: String, port: Int, prefix: String = "storefront:", poolSize: Int = 4, timeoutMilliseconds: Int = 250,
                maxValueBytes: Int = 1 << 20, logger: Logger) {
        self.prefix = prefix
        self.maxValueBytes = maxValueBytes
        let health = RedisHealth(logger: logger.with(["server": "\(host):\(port)"]))
        connections = (0..<max(1, poolSize)).map { index in
            RedisConnection(host: host, port: port, timeoutMilliseconds: timeoutMilliseconds, label: "redis-\(index)", health: health)
        }
    }

    public static let optionNames = ["url", "prefix", "poolSize", "timeoutMilliseconds", "maxValueBytes", "startDegraded"]

    /// Builds it from `cache.options` (`url` redis://host:port, `prefix`, `poolSize`, `timeoutMilliseconds`,
    /// `maxValueBytes`, `startDegraded`) and checks Redis answers, unless `startDegraded` says to start without it.
    public static func make(options: PluginOptions, logger: Logger) async throws(PluginError) -> RedisCache {
        try options.only(optionNames)
        let url = options.string("url", default: "redis://127.0.0.1:6379")
        guard let parsed = URLComponents(string: url), parsed.scheme == "redis", let host = parsed.host else {
            throw PluginError(keyPath: "\(options.keyPath).url", "expected redis://host:port, got \"\(url)\"")
        }
        let cache = RedisCache(host: host, port: parsed.port ?? 6379, prefix: options.string("prefix", default: "storefront:"),
                               poolSize: try options.int("poolSize", default: 4, range: 1...64),
                               timeoutMilliseconds: try options.int("timeoutMilliseconds", default: 250, range: 10...60_000),
                               maxValueBytes: try options.int("maxValueBytes", default: 1 << 20, range: 1...(1 << 30)), logger: logger)
        if try !options.bool("startDegraded", default: false) {
            do {
                _ = try await cache.connection.run([Array("PING".utf8)])
            } catch {
                await cache.shutdown()
                throw PluginError(keyPath: "\(options.keyPath).url", "Redis at \(url) does not answer (\(error.message)); "
                                  + "set cache.options.startDegraded to true to start without it")
            }
        }
        return cache
    }

    private var connection: RedisConnection {
        connections[next.wrappingAdd(1, ordering: .relaxed).oldValue % connections.count]
    }

    private func key(_ key: String) -> [UInt8] { Array((prefix + key).utf8) }

    public func get(_ key: String) async throws(CacheError) -> [UInt8]? {
        // GETRANGE sends at most maxValueBytes + 1 bytes, however large a value someone else put there.
        let reply: RedisReply
        do {
            reply = try await connection.run([Array("GETRANGE".utf8), self.key(key), Array("0".utf8), Array(String(maxValueBytes).utf8)])
        } catch {
            if error.kind == .protocolError, error.message.hasPrefix("WRONGTYPE") { return nil }
            throw error
        }
        // Missing reads as "", which no stored value is.
        guard case .string(let bytes) = reply, (1...maxValueBytes).contains(bytes.count) else { return nil }
        return bytes
    }

    public func set(_ key: String, _ value: [UInt8], ttl: Duration?) async throws(CacheError) {
        guard (1...maxValueBytes).contains(value.count) else { return try await delete(key) }
        var command = [Array("SET".utf8), self.key(key), value]
        if let ttl { command += [Array("PX".utf8), Array(String(Self.milliseconds(ttl)).utf8)] }
        _ = try await connection.run(command)
    }

    public func delete(_ key: String) async throws(CacheError) {
        _ = try await connection.run([Array("DEL".utf8), self.key(key)])
    }

    /// SCAN for the prefix (glob characters escaped) and UNLINK what it finds, in batches.
    public func deletePrefix(_ prefix: String) async throws(CacheError) {
        let pattern = Array((Self.globEscaped(self.prefix + prefix) + "*").utf8)
        var cursor = "0"
        repeat {
            guard case .array(let parts) = try await connection.run([Array("SCAN".utf8), Array(cursor.utf8), Array("MATCH".utf8), pattern,
                                                                    Array("COUNT".utf8), Array("1000".utf8)]),
                  parts.count == 2, case .string(let next) = parts[0], case .array(let keys) = parts[1] else {
                throw CacheError(.protocolError, "unexpected SCAN reply")
            }
            cursor = String(decoding: next, as: UTF8.self)
            let names = keys.compactMap { reply -> [UInt8]? in if case .string(let name) = reply { name } else { nil } }
            if !names.isEmpty { _ = try await connection.run([Array("UNLINK".utf8)] + names) }
        } while cursor != "0"
    }

    /// INCR and, for a new counter, PEXPIRE in one server-side step, so a crash cannot leave a counter
    /// without its TTL. What INCR refuses (not an integer, another type, overflow) or a count below 1 is
    /// restarted at 1, and a count without an expiry gets the TTL, as the `Cache` contract says.
    public func increment(_ key: String, ttl: Duration) async throws(CacheError) -> Int {
        let script = """
            local n = redis.pcall('INCR', KEYS[1])
            if type(n) ~= 'number' or n <= 1 then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) return 1 end
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n
            """
        guard case .integer(let count) = try await connection.run([Array("EVAL".utf8), Array(script.utf8), Array("1".utf8), self.key(key),
                                                                  Array(String(Self.milliseconds(ttl)).utf8)]) else {
            throw CacheError(.protocolError, "unexpected INCR reply")
        }
        return count
    }

    public func shutdown() async {
        for connection in connections { await connection.close() }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000))
    }

    static func globEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "*?[]\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
