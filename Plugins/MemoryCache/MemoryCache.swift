import Foundation
import PluginKit
import Synchronization

/// The `memory` cache: in-process, bounded by entries and bytes, with TTLs and least-recently-used
/// eviction; safe to share between threads. Values do not survive a restart and are not shared between
/// instances (use `redis` for that).
public final class MemoryCache: Cache {
    private let store: Mutex<LRUStore>
    let defaultTTL: Duration?

    public init(maxEntries: Int = 10_000, maxBytes: Int = 64 << 20, defaultTTL: Duration? = nil) {
        store = Mutex(LRUStore(maxEntries: maxEntries, maxBytes: maxBytes))
        self.defaultTTL = defaultTTL
    }

    /// Builds it from `cache.options`: `maxEntries`, `maxBytes`, `ttlSeconds` (a ceiling for every entry).
    public convenience init(options: PluginOptions) throws(PluginError) {
        try options.only(["maxEntries", "maxBytes", "ttlSeconds"])
        let ttl = try options.int("ttlSeconds", default: 0, range: 0...86_400 * 30)
        self.init(maxEntries: try options.int("maxEntries", default: 10_000, range: 1...10_000_000),
                  maxBytes: try options.int("maxBytes", default: 64 << 20, range: 1024...(1 << 40)),
                  defaultTTL: ttl == 0 ? nil : .seconds(ttl))
    }

    public var count: Int { store.withLock { $0.count } }

    public func get(_ key: String) async throws(CacheError) -> [UInt8]? {
        let now = ContinuousClock.now
        return store.withLock { $0.get(key, now: now) }
    }

    public func set(_ key: String, _ value: [UInt8], ttl: Duration?) async throws(CacheError) {
        let limit = [ttl, defaultTTL].compactMap { $0 }.min()
        let expires = limit.map { ContinuousClock.now.advanced(by: $0) }
        store.withLock { $0.set(key, value, expires: expires) }
    }

    public func delete(_ key: String) async throws(CacheError) { store.withLock { $0.delete(key) } }

    public func deletePrefix(_ prefix: String) async throws(CacheError) { store.withLock { $0.deletePrefix(prefix) } }

    public func increment(_ key: String, ttl: Duration) async throws(CacheError) -> Int {
        let now = ContinuousClock.now
        return store.withLock { store in
            let current = store.get(key, now: now).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
            let expires: ContinuousClock.Instant? = current == 0 ? now.advanced(by: ttl) : (store.expiry(key, now: now) ?? nil)
            store.set(key, Array(String(current + 1).utf8), expires: expires)
            return current + 1
        }
    }

    public func shutdown() async {}
}
