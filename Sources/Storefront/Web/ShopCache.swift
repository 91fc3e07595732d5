import Foundation
import Logging
import PluginKit
import Synchronization

/// The storefront's side of the configured cache plugin: read-through lookups for rendered fragments (a whole
/// page only where it is the same for everyone: the catalog as a visitor without a session sees it; a shopper's
/// header is their own) and for data such as products, plus the bookkeeping every
/// other cache user shares (sessions, login throttling).
///
/// Every value goes through `CacheEnvelope`, whichever plugin runs: what is read back is exactly what the shop
/// stored under that key, or it is a miss (`event=cache_entry_rejected`, logged once, the entry replaced).
/// The cache only ever speeds things up: a miss or a cache that is down is answered from the database, an
/// outage is logged once when it starts and once when it ends (whichever user notices), and caching resumes
/// by itself.
public final class ShopCache: Sendable {
    /// The configured plugin seen through the envelope; nil when none is configured (then every lookup goes to
    /// the source).
    public let cache: (any Cache)?
    let ttl: Duration
    let logger: Logger
    private let failing = Atomic<Bool>(false)
    private let decoded = DecodedValueMemo()
    /// Counts lookups by hit, miss and unavailable.
    let metrics: ShopMetrics?

    public init(cache: (any Cache)?, ttl: Duration = .seconds(60), metrics: ShopMetrics? = nil, logger: Logger) {
        self.metrics = metrics
        self.cache = cache.map { EnvelopedCache(plugin: $0) { key, rejection in Self.rejected(key, rejection.rawValue, logger: logger) } }
        self.ttl = ttl
        self.logger = logger
    }

    /// The cached bytes for `key`, or `render()`'s, which are then stored (a nil render is not cached).
    public func fetch(_ key: String, ttl: Duration? = nil, render: () async -> [UInt8]?) async -> [UInt8]? {
        switch await lookup(key) {
        case .hit(let bytes): return bytes
        case .unavailable: return await render()
        case .miss: break
        }
        guard let rendered = await render() else { return nil }
        await store(key, rendered, ttl: ttl)
        return rendered
    }

    /// The cached value for `key`, or `load()`'s, stored as JSON. A stored value that does not decode (an
    /// envelope of this format from a version whose `Value` differs) counts as a miss and is replaced. Errors
    /// from `load` reach the caller.
    public func value<Value: Codable & Sendable, Failure: Error>(
        _ key: String, ttl: Duration? = nil, load: () async throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        switch await lookup(key) {
        case .hit(let bytes):
            if let cached = decode(Value.self, key: key, bytes: bytes) { return cached }
            Self.rejected(key, "undecodable", logger: logger)
        case .unavailable:
            return try await load()
        case .miss:
            break
        }
        let loaded = try await load()
        if let bytes = try? JSONEncoder().encode(loaded) { await store(key, Array(bytes), ttl: ttl) }
        return loaded
    }

    enum Lookup {
        case hit([UInt8])
        case miss
        /// No cache, or it failed: the caller serves from the source and stores nothing.
        case unavailable
    }

    private func lookup(_ key: String) async -> Lookup {
        let found: Lookup = switch await attempt({ cache throws(CacheError) in try await cache.get(key) }) {
        case .some(.some(let bytes)): .hit(bytes)
        case .some(.none): .miss
        case .none: .unavailable
        }
        metrics?.recordCacheLookup(found)
        return found
    }

    private func store(_ key: String, _ bytes: [UInt8], ttl: Duration?) async {
        _ = await attempt { cache throws(CacheError) in try await cache.set(key, bytes, ttl: ttl ?? self.ttl) }
    }

    /// Logs a refused entry by its namespace only: a key may hold a session id or a shopper's search.
    private static func rejected(_ key: String, _ reason: String, logger: Logger) {
        logger.warning("cache_entry_rejected", ["namespace": .string(String(key.prefix { $0 != ":" })), "reason": .string(reason)])
    }

    /// Cached JSON `bytes` of `key` as a `Value`; a hot entry is decoded once, not on every read. Nil when
    /// the bytes do not decode (an entry written by another version).
    public func decode<Value: Decodable & Sendable>(_ type: Value.Type, key: String, bytes: [UInt8]) -> Value? {
        decoded.decode(type, key: key, bytes: bytes)
    }

    /// Runs `operation` against the cache (through the envelope: what it sets is sealed, what it gets was
    /// sealed under that key), noting an outage; nil when there is no cache or it failed, so the caller uses the
    /// database instead.
    public func attempt<Value>(_ operation: (any Cache) async throws(CacheError) -> Value) async -> Value? {
        guard let cache else { return nil }
        do {
            let value = try await operation(cache)
            healthy()
            return value
        } catch {
            unhealthy(error)
            return nil
        }
    }

    private func healthy() {
        if failing.exchange(false, ordering: .relaxed) { logger.notice("cache_recovered") }
    }

    private func unhealthy(_ error: CacheError) {
        if !failing.exchange(true, ordering: .relaxed) { logger.warning("cache_unavailable", ["error": "\(error)", "fallback": "database"]) }
    }
}
