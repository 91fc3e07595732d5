import Database
import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("The stock ledger")
struct StockLedgerTests {
    static func history(_ shop: Shop, _ productId: Int) async throws -> [StockLedgerEntry] {
        try await shop.read { db in try StockLedgerRepository().history(db, productId: productId, limit: 100, offset: 0).entries }
    }

    @Test("checkout's reservation is a sale row naming the order, written with the order", arguments: TestDatabases.engines)
    func sale(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product(quantity: 10)
            let order = try await shop.order(userId: try await shop.user(), [(product.id, 3)])
            let rows = try await Self.history(shop, product.id)
            #expect(rows.map(\.delta) == [-3])
            #expect(rows.first?.quantityAfter == 7)
            #expect(rows.first?.movement == StockMovement(reason: .sale, orderId: order.orderId))
        }
    }

    @Test("a failed order's units come back as a release row", arguments: TestDatabases.engines)
    func release(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product(quantity: 10)
            let order = try await shop.order(userId: try await shop.user(), [(product.id, 2)])
            _ = try await shop.write { [orders = shop.orders] db in
                try orders.transition(db, orderId: order.orderId, from: [.pending], to: .failed)
            }
            let rows = try await Self.history(shop, product.id)
            #expect(rows.map(\.delta) == [2, -2])
            #expect(rows.first?.movement == StockMovement(reason: .release, orderId: order.orderId))
            #expect(rows.first?.quantityAfter == 10)
        }
    }

    @Test("a paid order canceled gives its units back as a refund row", arguments: TestDatabases.engines)
    func refund(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product(quantity: 5)
            let order = try await shop.order(userId: try await shop.user(), [(product.id, 1)])
            try await shop.write { [orders = shop.orders] db in
                _ = try orders.transition(db, orderId: order.orderId, from: [.pending], to: .paid)
                _ = try orders.transition(db, orderId: order.orderId, from: [.paid], to: .canceled)
            }
            let rows = try await Self.history(shop, product.id)
            #expect(rows.first?.movement == StockMovement(reason: .refund, orderId: order.orderId))
            #expect(rows.first?.delta == 1)
        }
    }

    @Test("an operator's adjustment is a row with its reason, staff member and note, and is audited", arguments: TestDatabases.engines)
    func adjustment(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product(quantity: 4)
            let service = ProductAdminService(database: shop.database)
            let after = try await service.adjustStock(id: product.id, StockAdjustmentForm(delta: "20", reason: "restock", note: "6월 입고"),
                                                      by: ProductAdminServiceTests.editor)
            #expect(after == 24)
            let rows = try await Self.history(shop, product.id)
            #expect(rows.first?.movement == StockMovement(reason: .restock, staffId: "kim", note: "6월 입고"))
            #expect(rows.first?.quantityAfter == 24)
            let audit = try await shop.read { db in try AuditLog.entries(db, .init(action: .productStockAdjusted), limit: 10, offset: 0) }
            #expect(audit.records.map { [$0.entry.before, $0.entry.after] } == [["재고 4", "재고 24 (입고 +20 · 6월 입고)"]])
        }
    }

    @Test("an adjustment below zero is refused and writes nothing", arguments: TestDatabases.engines)
    func belowZero(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product(quantity: 2)
            let service = ProductAdminService(database: shop.database)
            await #expect(throws: ShopError.conflict(StockAdjustmentForm.belowZeroMessage + " (현재 2개)")) {
                try await service.adjustStock(id: product.id, StockAdjustmentForm(delta: "-3", reason: "damage"), by: ProductAdminServiceTests.editor)
            }
            #expect(try await shop.stock(product.id) == 2)
            #expect(try await Self.history(shop, product.id).isEmpty)
            #expect(try await shop.count("audit_log") == 0)
        }
    }

    @Test("a zero change, an unknown reason and 기타 without a note are refused field by field")
    func refusedForm() {
        #expect(throws: ShopError.validation([StockAdjustmentForm.deltaField: StockAdjustmentForm.deltaMessage,
                                              StockAdjustmentForm.reasonField: StockAdjustmentForm.reasonMessage])) {
            _ = try StockAdjustmentForm(delta: "0", reason: "sale").validated(staffId: "kim")
        }
        #expect(throws: ShopError.validation([StockAdjustmentForm.noteField: StockAdjustmentForm.noteMessage])) {
            _ = try StockAdjustmentForm(delta: "-1", reason: "other", note: " ").validated(staffId: "kim")
        }
    }
}
