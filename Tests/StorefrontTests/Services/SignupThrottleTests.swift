import Database
import Foundation
import Logging
import Testing
@testable import Storefront

@Suite("sign-ups per address")
struct SignupThrottleTests {
    static func form(_ number: Int) -> SignupForm {
        SignupForm(signupId: "member\(number)", password: "correct horse", name: "홍길동", phone: "01012345678")
    }

    @Test("an address starts ten sign-ups per window; the eleventh waits out the lockout, other addresses do not")
    func tenPerWindow() async throws {
        try await withShop { shop async throws in
            let clock = TestClock()
            let service = shop.accountService(clock: clock)
            for number in 1...10 { _ = try await service.signUp(Self.form(number), remoteAddress: "203.0.113.9") }
            await #expect(throws: ShopError.tooManySignups(minutes: 15)) {
                try await service.signUp(Self.form(11), remoteAddress: "203.0.113.9")
            }
            #expect(try await service.signUp(Self.form(12), remoteAddress: "198.51.100.1").signupId == "member12")
            clock.advance(by: 15 * 60)
            #expect(try await service.signUp(Self.form(11), remoteAddress: "203.0.113.9").signupId == "member11")
        }
    }

    @Test("a form refused for its fields is not counted")
    func invalidFormsNotCounted() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            let bad = SignupForm(signupId: "x", password: "short", name: "", phone: "1")
            for _ in 0..<20 { _ = try? await service.signUp(bad, remoteAddress: "203.0.113.9") }
            #expect(try await service.signUp(Self.form(1), remoteAddress: "203.0.113.9").signupId == "member1")
        }
    }

    @Test("of thirty sign-ups racing in from one address, exactly ten make accounts", arguments: ["database", "cache"])
    func racingSignups(countedIn store: String) async throws {
        try await withShop { shop async throws in
            let counts = DatabaseLoginThrottle(database: shop.database, policy: .signups)
            let throttle: any LoginThrottle = store == "cache"
                ? CachedLoginThrottle(cache: ShopCache(cache: SwitchableCache(), logger: .discarding), fallback: counts) : counts
            let service = AccountService(database: shop.database, passwordCost: 4, signupThrottle: throttle)
            let made = await withTaskGroup(of: Bool.self) { group in
                for number in 1...30 {
                    group.addTask { (try? await service.signUp(Self.form(number), remoteAddress: "203.0.113.9")) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(made == 10)
            let accounts = try await shop.database.read { db in
                try db.queryOne("SELECT count(*) FROM users") { row throws(DatabaseError) in try row.int(0) } ?? 0
            }
            #expect(accounts == 10)
        }
    }

    @Test("accounts made without an address (seeding, tools) are not counted")
    func noAddressNoLimit() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            for number in 1...12 { _ = try await service.signUp(Self.form(number)) }
        }
    }
}
