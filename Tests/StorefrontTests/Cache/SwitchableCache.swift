import MemoryCache
import PluginKit
import Synchronization

/// A memory cache whose server can be switched off and on, for outage tests.
final class SwitchableCache: Cache {
    let inner = MemoryCache()
    let up = Atomic<Bool>(true)

    private func check() throws(CacheError) {
        guard up.load(ordering: .relaxed) else { throw CacheError(.unavailable, "down (test)") }
    }

    func get(_ key: String) async throws(CacheError) -> [UInt8]? { try check(); return try await inner.get(key) }
    func set(_ key: String, _ value: [UInt8], ttl: Duration?) async throws(CacheError) { try check(); try await inner.set(key, value, ttl: ttl) }
    func delete(_ key: String) async throws(CacheError) { try check(); try await inner.delete(key) }
    func deletePrefix(_ prefix: String) async throws(CacheError) { try check(); try await inner.deletePrefix(prefix) }
    func increment(_ key: String, ttl: Duration) async throws(CacheError) -> Int { try check(); return try await inner.increment(key, ttl: ttl) }
    func shutdown() async { await inner.shutdown() }
}
