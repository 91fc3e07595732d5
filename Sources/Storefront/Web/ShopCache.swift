import Foundation
import Logging
import PluginKit
import Synchronization

/// The storefront's side of the configured cache plugin: read-through lookups for rendered fragments
/// (never a whole page: headers are per shopper) and for data such as products, plus the bookkeeping every
/// other cache user shares (sessions, login throttling).
///
/// The cache only ever speeds things up: a miss or a cache that is down is answered from the database, an
/// outage is logged once when it starts and once when it ends (whichever user notices), and caching resumes
/// by itself.
public final class ShopCache: Sendable {
    /// The plugin; nil when none is configured (then every lookup goes to the source).
    public let cache: (any Cache)?
    let ttl: Duration
    let logger: Logger
    private let failing = Atomic<Bool>(false)
    private let decoded = DecodedValueMemo()

    public init(cache: (any Cache)?, ttl: Duration = .seconds(60), logger: Logger) {
        self.cache = cache
        self.ttl = ttl
        self.logger = logger
    }

    /// The cached bytes for `key`, or `render()`'s, which are then stored (a nil render is not cached).
    public func fetch(_ key: String, ttl: Duration? = nil, render: () async -> [UInt8]?) async -> [UInt8]? {
        guard let cache else { return await render() }
        do {
            if let hit = try await cache.get(key) {
                healthy()
                return hit
            }
        } catch {
            unhealthy(error)
            return await render()
        }
        guard let rendered = await render() else { return nil }
        do {
            try await cache.set(key, rendered, ttl: ttl ?? self.ttl)
            healthy()
        } catch {
            unhealthy(error)
        }
        return rendered
    }

    /// The cached value for `key`, or `load()`'s, stored as JSON. A stored value that no longer decodes
    /// (written by another version) counts as a miss. Errors from `load` reach the caller.
    public func value<Value: Codable & Sendable, Failure: Error>(
        _ key: String, ttl: Duration? = nil, load: () async throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        var loaded: Result<Value, Failure>?
        let bytes = await fetch(key, ttl: ttl) {
            let result: Result<Value, Failure>
            do throws(Failure) { result = .success(try await load()) } catch { result = .failure(error) }
            loaded = result
            guard case .success(let value) = result else { return nil }
            return try? Array(JSONEncoder().encode(value))
        }
        if let loaded { return try loaded.get() }
        if let bytes, let cached = decode(Value.self, key: key, bytes: bytes) { return cached }
        // Undecodable entry: answer from the source (the next set overwrites it).
        return try await load()
    }

    /// Cached JSON `bytes` of `key` as a `Value`; a hot entry is decoded once, not on every read. Nil when
    /// the bytes do not decode (an entry written by another version).
    public func decode<Value: Decodable & Sendable>(_ type: Value.Type, key: String, bytes: [UInt8]) -> Value? {
        decoded.decode(type, key: key, bytes: bytes)
    }

    /// Runs `operation` against the cache, noting an outage; nil when there is no cache or it failed,
    /// so the caller uses the database instead.
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
