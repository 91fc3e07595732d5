import Database
import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Products CSV import")
struct ProductImportServiceTests {
    static let staff = StaffEditor(staffId: "owner1", address: "127.0.0.1")

    static func service(_ shop: Shop) -> ProductImportService { ProductImportService(database: shop.database, maxRows: 100) }

    static func previewId(_ preview: ProductImportService.Preview) throws -> String {
        guard case .ready(let id, _) = preview else {
            Issue.record("the file was refused: \(preview)")
            throw CancellationError()
        }
        return id
    }

    @Test("a preview changes nothing; applying it creates, edits and restocks through the ledger in one transaction, audited and announced once",
          arguments: TestDatabases.engines)
    func previewAndApply(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let kept = try await shop.product("사과", price: 12_900, quantity: 10)
            let file = ProductCSVTests.file("\(kept.id),햇사과,13900,식품,대한민국,한빛식품,25,판매중,", ",배,5000,식품,대한민국,나주농원,4,숨김,달다")
            let events = try await shop.count("outbox")
            let preview = try await Self.service(shop).preview(Array(file.utf8), by: Self.staff)
            guard case .ready(let id, let plan) = preview else { Issue.record("refused: \(preview)"); return }
            #expect(plan.creates.map(\.draft.name) == ["배"])
            #expect(plan.updates.first?.differences.map(\.column) == ["상품명", "가격", "재고"])
            #expect(try await shop.count("product") == 1)

            try await Self.service(shop).apply(id: id, by: Self.staff)
            let products = try await shop.read { db in try ProductAdminRepository().list(db, AdminProductQuery(page: 1)).items }
            #expect(products.map(\.product.name).sorted() == ["배", "햇사과"])
            #expect(products.first { $0.product.name == "햇사과" }?.product.quantity == 25)
            #expect(products.first { $0.product.name == "배" }?.hidden == true)
            let ledger = try await shop.read { db in try StockLedgerRepository().history(db, productId: kept.id, limit: 10, offset: 0).entries }
            #expect(ledger.first?.delta == 15)
            #expect(ledger.first?.movement == StockMovement(reason: .stocktake, staffId: "owner1", note: "CSV 가져오기"))
            let actions = try await shop.read { db in try AuditLog.entries(db, .init(), limit: 10, offset: 0).records.map(\.entry.action) }
            #expect(actions.sorted { $0.rawValue < $1.rawValue } == [.productCreated, .productsImported, .productUpdated])
            #expect(try await shop.count("outbox") == events + 1)
            #expect(try await shop.count("product_import") == 0)
        }
    }

    @Test("a preview is refused when a product it names changed since (a sale or an edit), and nothing changes",
          arguments: TestDatabases.engines)
    func stalePreview(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let kept = try await shop.product("사과", price: 12_900, quantity: 10)
            let file = ProductCSVTests.file("\(kept.id),사과,15000,식품,대한민국,한빛식품,10,판매중,")
            let id = try Self.previewId(try await Self.service(shop).preview(Array(file.utf8), by: Self.staff))
            try await shop.write { db in
                try CatalogRepository().adjustStock(db, productId: kept.id, by: -1, StockMovement(reason: .damage, staffId: "x"))
            }
            await #expect(throws: ShopError.conflict(ProductImportService.staleMessage)) {
                try await Self.service(shop).apply(id: id, by: Self.staff)
            }
            #expect(try await shop.read { db in try CatalogRepository().product(db, id: kept.id) }?.price == 12_900)
            #expect(try await shop.count("audit_log") == 0)
        }
    }

    @Test("a row naming an unknown product and a file that is not UTF-8 are refused, nothing kept", arguments: TestDatabases.engines)
    func refused(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let unknown = try await Self.service(shop).preview(Array(ProductCSVTests.file("999,배,100,식품,한국,농원,1,판매중,").utf8), by: Self.staff)
            guard case .refused(let problems) = unknown else { Issue.record("accepted"); return }
            #expect(problems.map(\.description) == ["2행 상품번호: " + ProductImportPlan.missingMessage])
            let latin1 = try await Self.service(shop).preview([0xC7, 0xD1, 0x2C, 0xB1, 0xDB], by: Self.staff)
            guard case .refused(let encoding) = latin1 else { Issue.record("accepted"); return }
            #expect(encoding.map(\.message) == [ProductImportService.encodingMessage])
            #expect(try await shop.count("product_import") == 0)
        }
    }

    @Test("another member cannot apply someone's preview", arguments: TestDatabases.engines)
    func ownPreview(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let id = try Self.previewId(try await Self.service(shop).preview(Array(ProductCSVTests.file(",배,100,식품,한국,농원,1,판매중,").utf8),
                                                                               by: Self.staff))
            await #expect(throws: ShopError.conflict(ProductImportService.expiredMessage)) {
                try await Self.service(shop).apply(id: id, by: StaffEditor(staffId: "other", address: "x"))
            }
            #expect(try await shop.count("product") == 0)
        }
    }
}
