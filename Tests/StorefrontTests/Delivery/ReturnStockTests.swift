import Database
import PluginKit
import Foundation
import Testing
@testable import Storefront

/// An approved return puts its units back in stock in the write that ends the delivery as RETURNED: through
/// `CatalogRepository.adjustStock` with a ledger row naming the order, once, on every engine.
@Suite("Returned stock")
struct ReturnStockTests {
    func stock(_ s: DeliveryShop) async throws -> Int {
        try #require(try await s.shop.read { db in try CatalogRepository().product(db, id: s.product.id) }).quantity
    }

    func ledger(_ s: DeliveryShop) async throws -> [StockLedgerEntry] {
        try await s.shop.read { db in try StockLedgerRepository().history(db, productId: s.product.id, limit: 50, offset: 0).entries }
    }

    func returnAndApprove(_ s: DeliveryShop, _ order: Order, quantity: Int, reason: ReturnReason) async throws -> OrderReturn {
        try await s.advance(order.orderId, to: .delivered)
        try await s.returns.request(userId: s.userId, orderId: order.orderId, quantities: [String(s.product.id): String(quantity)],
                                    reason: reason.rawValue, text: "")
        return try await s.returns.approve(orderId: order.orderId)
    }

    @Test("a partial return puts the returned units back with a refund row naming the order", arguments: TestDatabases.engines)
    func partialReturnRestocks(engine: DatabaseEngine) async throws {
        try await withDeliveryShop(on: engine, stock: 10) { s in
            let order = try await s.paidOrder(quantity: 3)
            #expect(try await stock(s) == 7)
            let approved = try await returnAndApprove(s, order, quantity: 2, reason: .changedMind)
            #expect(approved.status == .approved && approved.refundAmount == 2 * 12_900 - 3_000)
            #expect(try await s.orderStatus(order.orderId) == .paid)
            #expect(try await stock(s) == 9)
            let latest = try #require(try await ledger(s).first)
            #expect(latest.delta == 2 && latest.quantityAfter == 9)
            #expect(latest.movement == StockMovement(reason: .refund, orderId: order.orderId, note: "반품 승인"))
            // The refund's own event (written with the payment) comes before the return ends and restocks.
            let topics = try await s.topics(order.orderId)
            #expect(topics.suffix(2) == ["order.returned", "stock.changed"])
            #expect(topics.filter { $0 == "order.refunded" }.count == 1)
        }
    }

    @Test("a whole return refunded in full is restocked once, by the return, not again by the cancel", arguments: TestDatabases.engines)
    func fullReturnRestocksOnce(engine: DatabaseEngine) async throws {
        try await withDeliveryShop(on: engine, stock: 10) { s in
            let order = try await s.paidOrder(quantity: 2)
            _ = try await returnAndApprove(s, order, quantity: 2, reason: .damaged)
            #expect(try await s.orderStatus(order.orderId) == .canceled)
            #expect(try await stock(s) == 10)
            #expect(try await ledger(s).filter { $0.movement.reason == .refund }.map(\.delta) == [2])
        }
    }

    @Test("a return of one unit whose refund takes what an earlier refund left cancels the order but restocks only that unit", arguments: TestDatabases.engines)
    func returnAfterAmountRefund(engine: DatabaseEngine) async throws {
        try await withDeliveryShop(on: engine, stock: 10) { s in
            let order = try await s.paidOrder(quantity: 3)
            #expect(try await stock(s) == 7)
            // Goodwill by amount: leaves less than one unit's refund on the payment.
            _ = try await s.flow.cancel(userId: s.userId, orderId: order.orderId, amount: order.totalPrice - 5_000, reason: "보상")
            _ = try await returnAndApprove(s, order, quantity: 1, reason: .damaged)
            #expect(try await s.orderStatus(order.orderId) == .canceled)
            #expect(try await stock(s) == 8)
        }
    }

    @Test("a return whose refund the provider refuses puts nothing back and stays open")
    func refusedRefundRestocksNothing() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder(quantity: 3)
            try await s.advance(order.orderId, to: .delivered)
            try await s.returns.request(userId: s.userId, orderId: order.orderId, quantities: [String(s.product.id): "1"],
                                        reason: ReturnReason.damaged.rawValue, text: "")
            s.method.state.withLock { $0.cancelFailure = PaymentError(.rejected, code: "REJECT_CARD_COMPANY", message: "카드사에서 거절했습니다.") }
            await #expect(throws: ShopError.self) { try await s.returns.approve(orderId: order.orderId) }
            #expect(try await stock(s) == 7)
            #expect(try await s.status(order.orderId) == .delivered)
        }
    }
}
