import Foundation
import PluginKit
import Synchronization

/// Rendered page fragments shared by every shopper (never a whole page: headers are per shopper), kept in
/// the configured cache. The cache only ever speeds things up: a miss or a cache that is down renders from
/// the database, an outage is logged once when it starts and once when it ends, and caching resumes by itself.
public final class FragmentCache: Sendable {
    let cache: (any Cache)?
    let ttl: Duration
    let log: @Sendable (String) -> Void
    private let failing = Atomic<Bool>(false)

    public init(cache: (any Cache)?, ttl: Duration = .seconds(60), log: @escaping @Sendable (String) -> Void) {
        self.cache = cache
        self.ttl = ttl
        self.log = log
    }

    /// The cached bytes for `key`, or `render()`'s, which are then stored (a nil render is not cached).
    public func fetch(_ key: String, render: () async -> [UInt8]?) async -> [UInt8]? {
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
            try await cache.set(key, rendered, ttl: ttl)
            healthy()
        } catch {
            unhealthy(error)
        }
        return rendered
    }

    private func healthy() {
        if failing.exchange(false, ordering: .relaxed) { log("event=cache_recovered") }
    }

    private func unhealthy(_ error: CacheError) {
        if !failing.exchange(true, ordering: .relaxed) { log("event=cache_unavailable error=\"\(error)\" fallback=database") }
    }
}
