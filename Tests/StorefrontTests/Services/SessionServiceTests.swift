import Foundation
import Testing
@testable import Storefront

@Suite("SessionService and DatabaseSessionStore")
struct SessionServiceTests {
    func service(_ shop: Shop, clock: TestClock) -> SessionService {
        SessionService(store: DatabaseSessionStore(database: shop.database, now: { clock.now }), now: { clock.unixSeconds })
    }

    @Test("starting a session issues a random 256-bit id that lasts 14 days")
    func start() async throws {
        try await withShop { shop async throws in
            let clock = TestClock()
            let sessions = service(shop, clock: clock)
            let account = try await shop.signedUp()
            let session = try await sessions.start(for: account)
            #expect(SessionService.isWellFormedId(session.id))
            #expect(session.expiresAt == clock.unixSeconds + 14 * 24 * 60 * 60)
            #expect(session == Session(id: session.id, userId: account.id, signupId: "shopper", name: "홍길동",
                                       expiresAt: session.expiresAt))
            #expect(try await sessions.load(session.id) == session)
        }
    }

    @Test("each sign-in gets a new id and the browser's previous session is deleted")
    func noFixation() async throws {
        try await withShop { shop async throws in
            let sessions = service(shop, clock: TestClock())
            let account = try await shop.signedUp()
            let first = try await sessions.start(for: account)
            let second = try await sessions.start(for: account, replacing: first.id)
            #expect(first.id != second.id)
            #expect(try await sessions.load(first.id) == nil)
            #expect(try await sessions.load(second.id) != nil)
        }
    }

    @Test("a session stops loading when it expires")
    func expiry() async throws {
        try await withShop { shop async throws in
            let clock = TestClock()
            let sessions = service(shop, clock: clock)
            let session = try await sessions.start(for: try await shop.signedUp())
            clock.advance(by: TimeInterval(SessionService.defaultLifetime - 1))
            #expect(try await sessions.load(session.id) != nil)
            clock.advance(by: 1)
            #expect(try await sessions.load(session.id) == nil)
        }
    }

    @Test("ending a session signs it out; ending it again is harmless")
    func end() async throws {
        try await withShop { shop async throws in
            let sessions = service(shop, clock: TestClock())
            let session = try await sessions.start(for: try await shop.signedUp())
            try await sessions.end(session.id)
            #expect(try await sessions.load(session.id) == nil)
            try await sessions.end(session.id)
            #expect(try await shop.count("sessions") == 0)
        }
    }

    @Test("malformed and unknown ids load as nil", arguments: ["", "abc", String(repeating: "A", count: 64), SecureToken.hex()])
    func unknownIds(id: String) async throws {
        try await withShop { shop async throws in
            #expect(try await service(shop, clock: TestClock()).load(id) == nil)
        }
    }

    @Test("the database store reads the account's current name and replaces a saved session")
    func storeRoundTrip() async throws {
        try await withShop { shop async throws in
            let account = try await shop.signedUp()
            let store = DatabaseSessionStore(database: shop.database)
            let id = SecureToken.hex()
            let expires = Int(Date().timeIntervalSince1970) + 600
            try await store.save(Session(id: id, userId: account.id, signupId: "stale", name: "stale", expiresAt: expires))
            try await store.save(Session(id: id, userId: account.id, signupId: "shopper", name: "홍길동", expiresAt: expires + 60))
            #expect(try await store.load(id) == Session(id: id, userId: account.id, signupId: "shopper", name: "홍길동",
                                                        expiresAt: expires + 60))
            #expect(try await shop.count("sessions") == 1)
            try await store.delete(id)
            #expect(try await store.load(id) == nil)
        }
    }

    @Test("a session is void from its expiry second on")
    func isExpired() {
        let session = Session(id: "x", userId: 1, signupId: "a", name: "b", expiresAt: 100)
        #expect(!session.isExpired(now: 99))
        #expect(session.isExpired(now: 100))
    }
}
