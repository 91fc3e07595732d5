import Database
import Testing
@testable import Storefront

@Suite("CartRepository")
struct CartRepositoryTests {
    @Test("adding a product already in the cart adds to its quantity", arguments: TestDatabases.engines)
    func addTwice(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product()
            #expect(try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: product.id, quantity: 2) } == 2)
            #expect(try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: product.id, quantity: 3) } == 5)
            let lines = try await shop.read { db in try CartRepository().lines(db, userId: user) }
            #expect(lines.count == 1)
            #expect(lines.first?.quantity == 5)
            #expect(lines.first?.product == product)
            #expect(lines.first?.subtotal == 50_000)
        }
    }

    @Test("adding an unknown product or a non-positive quantity is refused", arguments: TestDatabases.engines)
    func addRefused(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product()
            await #expect(throws: PersistenceError.productNotFound(999)) {
                try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: 999, quantity: 1) }
            }
            await #expect(throws: PersistenceError.invalidQuantity(0)) {
                try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: product.id, quantity: 0) }
            }
        }
    }

    @Test("setting a quantity replaces it, and zero removes the line", arguments: TestDatabases.engines)
    func setQuantity(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product()
            try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: product.id, quantity: 2) }
            #expect(try await shop.write { db in try CartRepository().setQuantity(db, userId: user, productId: product.id, quantity: 7) })
            #expect(try await shop.read { db in try CartRepository().lines(db, userId: user) }.first?.quantity == 7)
            #expect(try await shop.write { db in try CartRepository().setQuantity(db, userId: user, productId: product.id, quantity: 0) })
            #expect(try await shop.read { db in try CartRepository().lines(db, userId: user) }.isEmpty)
            #expect(try await !shop.write { db in try CartRepository().setQuantity(db, userId: user, productId: product.id, quantity: 3) })
        }
    }

    @Test("removing a line leaves the others and other shoppers' carts alone", arguments: TestDatabases.engines)
    func remove(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let other = try await shop.user("other")
            let first = try await shop.product("첫째")
            let second = try await shop.product("둘째")
            for product in [first, second] { try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: product.id, quantity: 1) } }
            try await shop.write { db in try CartRepository().add(db, userId: other, signupId: "other", productId: first.id, quantity: 1) }
            #expect(try await shop.write { db in try CartRepository().remove(db, userId: user, productId: first.id) })
            #expect(try await shop.read { db in try CartRepository().lines(db, userId: user) }.map(\.product.id) == [second.id])
            #expect(try await shop.read { db in try CartRepository().lines(db, userId: other) }.count == 1)
        }
    }

    @Test("clearing removes every line, or only the products named", arguments: TestDatabases.engines)
    func clear(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let first = try await shop.product("첫째")
            let second = try await shop.product("둘째")
            for product in [first, second] { try await shop.write { db in try CartRepository().add(db, userId: user, signupId: "shopper", productId: product.id, quantity: 1) } }
            let removed = try await shop.database.write { [carts = shop.carts] db in try carts.clear(db, userId: user, productIds: [first.id]) }
            #expect(removed == 1)
            #expect(try await shop.write { db in try CartRepository().clear(db, userId: user) } == 1)
            #expect(try await shop.read { db in try CartRepository().lines(db, userId: user) }.isEmpty)
        }
    }
}
