import Database
import Testing
@testable import Storefront

@Suite("AccountRepository")
struct AccountRepositoryTests {
    @Test("a created account is found by signup id and by id", arguments: TestDatabases.engines)
    func createAndFind(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let created = try await shop.write { db in try AccountRepository().create(db, NewAccount(signupId: "kim", passwordHash: "$2b$04$h", name: "김민수", phone: "01012341234")) }
            #expect(try await shop.read { db in try AccountRepository().find(db, signupId: "kim") } == created)
            #expect(try await shop.read { db in try AccountRepository().find(db, id: created.id) } == created)
        }
    }

    @Test("a taken signup id is reported as such", arguments: TestDatabases.engines)
    func duplicateSignupId(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            _ = try await shop.user("kim")
            await #expect(throws: PersistenceError.signupIdTaken("kim")) {
                try await shop.write { db in try AccountRepository().create(db, NewAccount(signupId: "kim", passwordHash: "$2b$04$h", name: "다른 김", phone: "01099998888")) }
            }
        }
    }

    @Test("an unknown signup id finds nothing", arguments: TestDatabases.engines)
    func unknown(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            #expect(try await shop.read { db in try AccountRepository().find(db, signupId: "nobody") } == nil)
            #expect(try await shop.read { db in try AccountRepository().find(db, id: 42) } == nil)
        }
    }
}
