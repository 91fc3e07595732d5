import Foundation
import PluginKit

/// Sessions read from the cache plugin and written through to the database (`server.sessionStore: "cache"`).
///
/// Signed-in page views then cost a cache lookup instead of a database read, on every instance sharing
/// the cache. The database stays the record: a cache miss or outage reads it (and refills the cache), so a
/// cache restart signs nobody out. Entries live at most `maxCacheLifetime`, which bounds how long a sign-out
/// made while the cache was unreachable can be outlived by its cached copy.
public struct CachedSessionStore: SessionStore {
    let cache: ShopCache
    let database: DatabaseSessionStore
    let now: @Sendable () -> Date
    public static let maxCacheLifetime = 300

    public init(cache: ShopCache, database: DatabaseSessionStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.cache = cache
        self.database = database
        self.now = now
    }

    static func key(_ id: String) -> String { "session:" + id }

    public func load(_ id: String) async throws -> Session? {
        if let cached = await cache.attempt({ cache throws(CacheError) in try await cache.get(Self.key(id)) }) ?? nil,
           let session = cache.decode(Session.self, key: Self.key(id), bytes: cached), session.id == id {
            return session.isExpired(now: Int(now().unixSeconds)) ? nil : session
        }
        guard let session = try await database.load(id) else { return nil }
        await remember(session)
        return session
    }

    public func save(_ session: Session) async throws {
        try await database.save(session)
        await remember(session)
    }

    public func delete(_ id: String) async throws {
        try await database.delete(id)
        _ = await cache.attempt { cache throws(CacheError) in try await cache.delete(Self.key(id)) }
    }

    private func remember(_ session: Session) async {
        let remaining = min(session.expiresAt - Int(now().unixSeconds), Self.maxCacheLifetime)
        guard remaining > 0, let bytes = try? JSONEncoder().encode(session) else { return }
        _ = await cache.attempt { cache throws(CacheError) in try await cache.set(Self.key(session.id), Array(bytes), ttl: .seconds(remaining)) }
    }
}
