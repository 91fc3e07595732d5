import Testing
@testable import Storefront

@Suite("DemoCatalog")
struct DemoCatalogTests {
    @Test("the demo catalog is large and varied, with realistic prices and some scarce stock")
    func shape() {
        let products = DemoCatalog.products
        #expect(products.count >= 120)
        #expect(Set(products.map(\.category)).count >= 8)
        #expect(Set(products.map(\.country)).count >= 4)
        #expect(Set(products.map(\.manufacturer)).count >= 8)
        #expect(Set(products.map(\.name)).count == products.count)
        #expect(products.allSatisfy { $0.price >= 1_000 && $0.price <= OrderLimits.maxUnitPrice && $0.price % 100 == 0 })
        #expect(products.contains { $0.quantity == 0 })
        #expect(products.contains { (1...5).contains($0.quantity) })
        #expect(products.allSatisfy { $0.image.hasPrefix("/public/images/products/") && $0.image.hasSuffix(".svg") })
    }

    @Test("seeding twice adds the catalog, the demo account and the demo owner once")
    func idempotent() async throws {
        try await withShop { shop async throws in
            let hasher = PasswordHasher(cost: 4)
            let first = try await DemoCatalog.seed(into: shop.database, hasher: hasher)
            let second = try await DemoCatalog.seed(into: shop.database, hasher: hasher)
            #expect(first.products == DemoCatalog.products.count)
            #expect(first.accounts == 2)
            #expect(second.products == 0)
            #expect(second.accounts == 0)
            #expect(try await shop.count("product") == DemoCatalog.products.count)
            #expect(try await shop.count("staff") == 1)
        }
    }

    @Test("the demo account logs in with demo1234")
    func demoAccount() async throws {
        try await withShop { shop async throws in
            let hasher = PasswordHasher(cost: 4)
            try await DemoCatalog.seed(into: shop.database, hasher: hasher)
            let account = try #require(try await shop.read { db in try AccountRepository().find(db, signupId: "demo") })
            #expect(account.name == "데모 사용자")
            #expect(account.phone == "01012345678")
            #expect(hasher.verify("demo1234", against: account.passwordHash))
        }
    }
}
