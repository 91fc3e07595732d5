import Database
import Foundation
import Logging
import Testing
@testable import Storefront

/// Login throttling kept in the cache plugin (increment with TTL), falling back to the database.
@Suite("login throttling in the cache")
struct CachedLoginThrottleTests {
    func service(_ shop: Shop, cache: SwitchableCache, clock: TestClock = TestClock(Date())) -> AccountService {
        let throttle = CachedLoginThrottle(cache: ShopCache(cache: cache, logger: .discarding),
                                           fallback: DatabaseLoginThrottle(database: shop.database))
        return AccountService(database: shop.database, passwordCost: 4, throttle: throttle, now: { clock.now })
    }

    /// A shop with the signed-up "shopper", and its account service throttled in a switchable cache.
    func withSignedUp(_ body: (Shop, SwitchableCache, AccountService) async throws -> Void) async throws {
        try await withShop { shop async throws in
            let cache = SwitchableCache()
            let accounts = service(shop, cache: cache)
            _ = try await shop.signedUp(service: accounts)
            try await body(shop, cache, accounts)
        }
    }

    func throttleRows(_ shop: Shop) async throws -> Int {
        try await shop.database.read { db in
            try db.queryOne("SELECT count(*) FROM login_throttle") { row throws(DatabaseError) in try row.int(0) } ?? 0
        }
    }

    @Test("five failures lock the account on every instance sharing the cache, and nothing is written to the database")
    func sharedLockout() async throws {
        try await withShop { shop async throws in
            let cache = SwitchableCache()
            let first = service(shop, cache: cache), second = service(shop, cache: cache)
            _ = try await shop.signedUp(service: first)
            for attempt in 1...4 {
                _ = try? await (attempt.isMultiple(of: 2) ? first : second)
                    .signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.\(attempt)")
            }
            await #expect(throws: ShopError.throttled(minutes: 15)) {
                try await first.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.5")
            }
            await #expect(throws: ShopError.throttled(minutes: 15)) {
                try await second.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "10.0.0.6")
            }
            #expect(try await throttleRows(shop) == 0)
        }
    }

    @Test("a successful sign-in clears the account's count in the cache")
    func successResets() async throws {
        try await withSignedUp { shop, cache, accounts async throws in
            _ = try? await accounts.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.1")
            #expect(try await cache.get(CachedLoginThrottle.failuresKey("account:shopper")) != nil)
            _ = try await accounts.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "10.0.0.1")
            #expect(try await cache.get(CachedLoginThrottle.failuresKey("account:shopper")) == nil)
        }
    }

    @Test("a failure count holding junk (a large negative number) restarts, and five failures still lock the account")
    func junkCount() async throws {
        try await withSignedUp { shop, cache, accounts async throws in
            try await cache.set(CachedLoginThrottle.failuresKey("account:shopper"), Array("-1000000".utf8), ttl: nil)
            for attempt in 1...4 {
                _ = try? await accounts.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.\(attempt)")
            }
            await #expect(throws: ShopError.throttled(minutes: 15)) {
                try await accounts.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.5")
            }
        }
    }

    @Test("a lock entry the shop did not write locks nobody out")
    func junkLock() async throws {
        try await withSignedUp { shop, cache, accounts async throws in
            try await cache.set(CachedLoginThrottle.lockKey("account:shopper"), Array("99999999999".utf8), ttl: nil)
            _ = try await accounts.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "10.0.0.1")
        }
    }

    @Test("with the cache down, failures are counted in the database and still lock the account")
    func outageFallsBack() async throws {
        try await withSignedUp { shop, cache, accounts async throws in
            cache.up.store(false, ordering: .relaxed)
            for attempt in 1...4 {
                _ = try? await accounts.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.\(attempt)")
            }
            #expect(try await throttleRows(shop) > 0)
            await #expect(throws: ShopError.throttled(minutes: 15)) {
                try await accounts.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.5")
            }
        }
    }
}
