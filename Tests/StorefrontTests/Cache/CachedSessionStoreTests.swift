import Foundation
import Logging
import Testing
@testable import Storefront

/// Sessions in the cache plugin, written through to the database.
@Suite("sessions in the cache")
struct CachedSessionStoreTests {
    /// A shop, a switchable cache, the cached store over it and the database store beneath, and a session
    /// for a signed-up shopper (not yet saved).
    func withStore(clock: TestClock = TestClock(Date()), expiresIn: Int = 3_600,
                   _ body: (SwitchableCache, CachedSessionStore, DatabaseSessionStore, Session) async throws -> Void) async throws {
        try await withShop { shop async throws in
            let cache = SwitchableCache()
            let database = DatabaseSessionStore(database: shop.database, now: { clock.now })
            let store = CachedSessionStore(cache: ShopCache(cache: cache, logger: .discarding), database: database, now: { clock.now })
            let account = try await shop.signedUp()
            let session = Session(id: SecureToken.hex(bytes: 32), userId: account.id, signupId: account.signupId, name: account.name,
                                  expiresAt: clock.unixSeconds + expiresIn)
            try await body(cache, store, database, session)
        }
    }

    @Test("a saved session is kept in both: the cache answers, and the database has the row")
    func writeThrough() async throws {
        try await withStore { cache, store, database, saved in
            try await store.save(saved)
            #expect(try await cache.get(CachedSessionStore.key(saved.id)) != nil)
            #expect(try await database.load(saved.id) == saved)
            #expect(try await store.load(saved.id) == saved)
        }
    }

    @Test("with the cache down, sessions are saved to and read from the database, and the cache refills when it is back")
    func outage() async throws {
        try await withStore { cache, store, _, saved in
            cache.up.store(false, ordering: .relaxed)
            try await store.save(saved)
            #expect(try await store.load(saved.id) == saved)

            cache.up.store(true, ordering: .relaxed)
            #expect(try await store.load(saved.id) == saved)
            #expect(try await cache.get(CachedSessionStore.key(saved.id)) != nil)
        }
    }

    @Test("a session written to the cache by anything but the shop (here the same id for another user) signs nobody in as anyone")
    func foreignSession() async throws {
        try await withStore { cache, store, _, saved in
            try await store.save(saved)
            var forged = saved
            forged.userId += 1
            forged.name = "다른 사람"
            try await cache.set(CachedSessionStore.key(saved.id), Array(try JSONEncoder().encode(forged)), ttl: .seconds(60))
            #expect(try await store.load(saved.id) == saved)
        }
    }

    @Test("junk under a session's key is a miss: the session is read from the database and cached afresh")
    func junkSession() async throws {
        try await withStore { cache, store, _, saved in
            try await store.save(saved)
            try await cache.set(CachedSessionStore.key(saved.id), (0..<300).map { _ in UInt8.random(in: 0...255) }, ttl: .seconds(60))
            #expect(try await store.load(saved.id) == saved)
            let cached = try #require(try await cache.get(CachedSessionStore.key(saved.id)))
            let payload = try CacheEnvelope.open(cached, key: CachedSessionStore.key(saved.id)).get()
            #expect(try JSONDecoder().decode(Session.self, from: Data(payload)) == saved)
        }
    }

    @Test("signing out removes the session from the cache and the database")
    func delete() async throws {
        try await withStore { _, store, database, saved in
            try await store.save(saved)
            try await store.delete(saved.id)
            #expect(try await store.load(saved.id) == nil)
            #expect(try await database.load(saved.id) == nil)
        }
    }

    @Test("a cached session past its expiry is not returned")
    func expired() async throws {
        let clock = TestClock(Date())
        try await withStore(clock: clock, expiresIn: 60) { _, store, _, saved in
            try await store.save(saved)
            clock.advance(by: 61)
            #expect(try await store.load(saved.id) == nil)
        }
    }
}
