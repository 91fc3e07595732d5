import Database
import Foundation
import Logging
import MemoryCache
import PluginKit
import TestSupport
import Testing
@testable import Storefront

@Suite("Back-office product changes")
struct ProductAdminServiceTests {
    static let editor = StaffEditor(staffId: "kim", address: "10.0.0.1")

    static func form(name: String = "제주 한라봉", price: String = "15000", quantity: String = "5",
                     visibility: String = ProductRules.onSale) -> ProductForm {
        var form = ProductForm()
        form.name = name
        form.price = price
        form.category = "식품"
        form.country = "대한민국"
        form.manufacturer = "제주농원"
        form.description = "새콤달콤"
        form.visibility = visibility
        form.quantity = quantity
        return form
    }

    @Test("a created product is on sale, audited with what it became, and announced for the caches", arguments: TestDatabases.engines)
    func create(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let service = ProductAdminService(database: shop.database)
            let id = try await service.create(Self.form(), by: Self.editor)
            let product = try await service.find(id: id)
            #expect(product.product.name == "제주 한라봉")
            #expect(product.product.quantity == 5)
            #expect(!product.hidden)
            let audit = try await shop.read { db in try AuditLog.entries(db, .init(action: .productCreated), limit: 10, offset: 0) }
            #expect(audit.records.map(\.entry.target) == ["product:\(id)"])
            #expect(audit.records.first?.entry.after?.contains("15,000원") == true)
            let events = try await shop.read { db in try OutboxRepository().unsent(db) }
            #expect(events.map(\.topic) == [ProductAdminService.changedTopic])
        }
    }

    @Test("an empty name, a price above 1억 and a negative stock are refused field by field, nothing written",
          arguments: TestDatabases.engines)
    func refusals(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let service = ProductAdminService(database: shop.database)
            await #expect(throws: ShopError.validation([ProductRules.nameField: ProductRules.nameMessage,
                                                        ProductRules.priceField: ProductRules.priceMessage,
                                                        ProductRules.quantityField: ProductRules.quantityMessage])) {
                _ = try await service.create(Self.form(name: "  ", price: "100000001", quantity: "-1"), by: Self.editor)
            }
            #expect(try await shop.count("product") == 0)
            #expect(try await shop.count("audit_log") == 0)
        }
    }

    @Test("an edit made from an older revision is refused and the first edit stays", arguments: TestDatabases.engines)
    func staleEdit(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let service = ProductAdminService(database: shop.database)
            let id = try await service.create(Self.form(), by: Self.editor)
            let opened = try await service.find(id: id).revision
            try await service.update(id: id, revision: opened, Self.form(name: "첫 번째 저장"), by: Self.editor)
            await #expect(throws: ShopError.conflict(ProductAdminService.staleEditMessage)) {
                try await service.update(id: id, revision: opened, Self.form(name: "두 번째 저장"), by: Self.editor)
            }
            let stored = try await service.find(id: id)
            #expect(stored.product.name == "첫 번째 저장")
            #expect(stored.revision == opened + 1)
            let updates = try await shop.read { db in try AuditLog.entries(db, .init(action: .productUpdated), limit: 10, offset: 0) }
            #expect(updates.records.count == 1)
            #expect(updates.records.first?.entry.before?.hasPrefix("제주 한라봉") == true)
            #expect(updates.records.first?.entry.after?.hasPrefix("첫 번째 저장") == true)
        }
    }

    @Test("a product nobody ordered is deleted; one an order names is hidden instead", arguments: TestDatabases.engines)
    func removal(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let service = ProductAdminService(database: shop.database)
            let unsold = try await service.create(Self.form(name: "안 팔린 상품"), by: Self.editor)
            let sold = try await service.create(Self.form(name: "팔린 상품"), by: Self.editor)
            let user = try await shop.user()
            _ = try await shop.order(userId: user, [(sold, 1)])
            #expect(try await service.remove(id: unsold, by: Self.editor) == .deleted)
            #expect(try await service.remove(id: sold, by: Self.editor) == .hidden)
            await #expect(throws: ShopError.notFound(.product)) { _ = try await service.find(id: unsold) }
            #expect(try await service.find(id: sold).hidden)
        }
    }

    @Test("a hidden product leaves the storefront's listing, search and product lookup but stays in the back office",
          arguments: TestDatabases.engines)
    func hiddenLeavesStorefront(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let service = ProductAdminService(database: shop.database)
            let id = try await service.create(Self.form(name: "숨길 한라봉", visibility: ProductRules.hidden), by: Self.editor)
            let catalog = CatalogRepository()
            #expect(try await shop.read { db in try catalog.search(db, CatalogQuery()).total } == 0)
            #expect(try await shop.read { db in try catalog.search(db, CatalogQuery(q: "한라봉")).total } == 0)
            #expect(try await shop.read { db in try catalog.product(db, id: id) } == nil)
            let listed = try await service.list(AdminProductQuery(q: "한라봉"))
            #expect(listed.items.map(\.product.id) == [id])
        }
    }

    @Test("the stock filter finds sold-out products and those with 10 or fewer", arguments: TestDatabases.engines)
    func stockFilter(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let empty = try await shop.product("없음", quantity: 0)
            let few = try await shop.product("조금", quantity: 10)
            _ = try await shop.product("많음", quantity: 11)
            let service = ProductAdminService(database: shop.database)
            #expect(try await service.list(AdminProductQuery(stock: .soldOut)).items.map(\.product.id) == [empty.id])
            #expect(try await service.list(AdminProductQuery(stock: .low)).items.map(\.product.id) == [few.id, empty.id])
            #expect(try await service.list(AdminProductQuery()).total == 3)
        }
    }

    @Test("a product's change event drops the cached catalog pages and that product's entry")
    func changeEventInvalidates() async throws {
        try await withShop { shop async throws in
            let service = ProductAdminService(database: shop.database)
            let id = try await service.create(Self.form(), by: Self.editor)
            let cache = MemoryCache()
            for key in [CacheKeys.catalogPrefix + "p1", CacheKeys.product(id), CacheKeys.product(999_999)] {
                try await cache.set(key, [1], ttl: nil)
            }
            let event = try #require(try await shop.read { db in try OutboxRepository().unsent(db) }.first)
            let consumers = EventConsumers(database: shop.database, cache: cache, logger: .discarding)
            let message = QueueMessage(id: event.eventId, topic: event.topic, body: Array(event.payload.utf8))
            #expect(await consumers.invalidate(message) == .ack)
            #expect(try await cache.get(CacheKeys.catalogPrefix + "p1") == nil)
            #expect(try await cache.get(CacheKeys.product(id)) == nil)
            #expect(try await cache.get(CacheKeys.product(999_999)) == [1])
        }
    }
}
