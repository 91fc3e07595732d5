import Foundation
import PluginKit
import Synchronization

/// The `memory` cache: in-process, bounded by entries and bytes, with TTLs and least-recently-used
/// eviction; safe to share between threads. Values do not survive a restart and are not shared between
/// instances (use `redis` for that).
public final class MemoryCache: Cache {
    private let store: Mutex<LRUStore>
    let defaultTTL: Duration?
    let maxValueBytes: Int

    public init(maxEntries: Int = 10_000, maxBytes: Int = 64 << 20, maxValueBytes: Int = 1 << 20, defaultTTL: Duration? = nil) {
        store = Mutex(LRUStore(maxEntries: maxEntries, maxBytes: maxBytes))
        self.maxValueBytes = maxValueBytes
        self.defaultTTL = defaultTTL
    }

    /// Builds it from `cache.options`: `maxEntries`, `maxBytes` (what the entries may cost the process, keys
    /// and bookkeeping included), `maxValueBytes`, `ttlSeconds` (a ceiling for every entry).
    public convenience init(options: PluginOptions) throws(PluginError) {
        try options.only(["maxEntries", "maxBytes", "maxValueBytes", "ttlSeconds"])
        let ttl = try options.int("ttlSeconds", default: 0, range: 0...86_400 * 30)
        self.init(maxEntries: try options.int("maxEntries", default: 10_000, range: 1...10_000_000),
                  maxBytes: try options.int("maxBytes", default: 64 << 20, range: 1024...(1 << 40)),
                  maxValueBytes: try options.int("maxValueBytes", default: 1 << 20, range: 1...(1 << 30)),
                  defaultTTL: ttl == 0 ? nil : .seconds(ttl))
    }

    public var count: Int { store.withLock { $0.count } }

    /// What the entries are counted to cost, against `maxBytes`.
    public var bytes: Int { store.withLock { $0.bytes } }

    public func get(_ key: String) async throws(CacheError) -> [UInt8]? {
        let now = ContinuousClock.now
        return store.withLock { $0.get(key, now: now) }
    }

    public func set(_ key: String, _ value: [UInt8], ttl: Duration?) async throws(CacheError) {
        guard (1...maxValueBytes).contains(value.count) else { return store.withLock { $0.delete(key) } }
        let limit = [ttl, defaultTTL].compactMap { $0 }.min()
        let expires = limit.map { ContinuousClock.now.advanced(by: $0) }
        store.withLock { $0.set(key, value, expires: expires) }
    }

    public func delete(_ key: String) async throws(CacheError) { store.withLock { $0.delete(key) } }

    public func deletePrefix(_ prefix: String) async throws(CacheError) { store.withLock { $0.deletePrefix(prefix) } }

    public func increment(_ key: String, ttl: Duration) async throws(CacheError) -> Int {
        let now = ContinuousClock.now
        return store.withLock { store in
            // Redis's INCR semantics, so both plugins treat junk alike: only a canonical decimal integer counts.
            let current = store.get(key, now: now).flatMap { bytes -> Int? in
                let text = String(decoding: bytes, as: UTF8.self)
                return Int(text).flatMap { String($0) == text ? $0 : nil }
            }
            let counted = current.flatMap { current -> Int? in
                let (next, overflow) = current.addingReportingOverflow(1)
                return overflow || next <= 1 ? nil : next
            }
            let kept = counted == nil ? nil : store.expiry(key, now: now) ?? nil
            store.set(key, Array(String(counted ?? 1).utf8), expires: kept ?? now.advanced(by: ttl))
            return counted ?? 1
        }
    }

    public func shutdown() async {}
}
