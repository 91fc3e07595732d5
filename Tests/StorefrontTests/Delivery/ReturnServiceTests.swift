import Database
import Foundation
import Testing
@testable import Storefront

/// 반품: asked while shipped or delivered, refunded on approval at purchase prices (less the return fee for the
/// shopper's reasons, plus the 배송비 when everything comes back), or rejected with a reason; never after 구매 확정.
@Suite("Returns")
struct ReturnServiceTests {
    func ask(_ s: DeliveryShop, _ order: Order, quantity: String, reason: ReturnReason) async throws {
        try await s.returns.request(userId: s.userId, orderId: order.orderId, quantities: [String(s.product.id): quantity],
                                    reason: reason.rawValue, text: "포장이 뜯겨 있었어요")
    }

    @Test("a return can be asked only while shipped or delivered", arguments: [FulfilmentStatus.preparing, .shipped, .delivered, .confirmed])
    func whenAllowed(status: FulfilmentStatus) async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            try await s.advance(order.orderId, to: status)
            if status.shopperMayRequestReturn {
                try await ask(s, order, quantity: "1", reason: .damaged)
                #expect(try await s.topics(order.orderId).contains("order.return_requested"))
            } else {
                await #expect(throws: ShopError.self) { try await ask(s, order, quantity: "1", reason: .damaged) }
            }
        }
    }

    @Test("a return asks for at least one unit, no more than bought, and a listed reason")
    func validation() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder(quantity: 2)
            try await s.advance(order.orderId, to: .delivered)
            await #expect(throws: ShopError.validation([ReturnService.linesField: ReturnService.linesMessage])) {
                try await ask(s, order, quantity: "0", reason: .damaged)
            }
            await #expect(throws: ShopError.self) { try await ask(s, order, quantity: "3", reason: .damaged) }
            await #expect(throws: ShopError.validation([ReturnService.reasonField: ReturnService.reasonMessage])) {
                try await s.returns.request(userId: s.userId, orderId: order.orderId, quantities: [String(s.product.id): "1"],
                                            reason: "BORED", text: "")
            }
            try await ask(s, order, quantity: "1", reason: .damaged)
            await #expect(throws: ShopError.conflict(FulfilmentService.returnOpenMessage)) { try await ask(s, order, quantity: "1", reason: .damaged) }
        }
    }

    @Test("approving a whole return for the shop's fault refunds everything, 배송비 included, and ends RETURNED")
    func fullReturnShopsFault() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            try await s.advance(order.orderId, to: .delivered)
            try await ask(s, order, quantity: "1", reason: .damaged)
            let approved = try await s.returns.approve(orderId: order.orderId)
            #expect(approved.status == .approved && approved.refundAmount == 15_900 && approved.returnFee == 0)
            #expect(try await s.orderStatus(order.orderId) == .canceled)
            #expect(try await s.status(order.orderId) == .returned)
        }
    }

    @Test("a partial return for the shopper's reason refunds the lines less the return fee, the order stays paid")
    func partialReturnShoppersReason() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder(quantity: 3)
            try await s.advance(order.orderId, to: .shipped)
            try await ask(s, order, quantity: "2", reason: .changedMind)
            let approved = try await s.returns.approve(orderId: order.orderId)
            #expect(approved.refundAmount == 2 * 12_900 - 3_000 && approved.returnFee == 3_000)
            #expect(s.method.state.withLock { $0.cancelCalls.last?.amount } == 22_800)
            #expect(try await s.orderStatus(order.orderId) == .paid)
            #expect(try await s.status(order.orderId) == .returned)
        }
    }

    @Test("approving twice refunds once")
    func approveOnce() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder(quantity: 3)
            try await s.advance(order.orderId, to: .delivered)
            try await ask(s, order, quantity: "1", reason: .changedMind)
            let outcomes = try await concurrently(2) { _ -> Bool in (try? await s.returns.approve(orderId: order.orderId)) != nil }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(s.method.cancelCallCount == 1)
        }
    }

    @Test("a rejection keeps the delivery and the money where they were and needs a reason")
    func reject() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            try await s.advance(order.orderId, to: .delivered)
            try await ask(s, order, quantity: "1", reason: .changedMind)
            await #expect(throws: ShopError.validation([ReturnService.noteField: ReturnService.noteMessage])) {
                try await s.returns.reject(orderId: order.orderId, note: "  ")
            }
            try await s.returns.reject(orderId: order.orderId, note: "사용 흔적이 있어 반품할 수 없습니다")
            #expect(try await s.status(order.orderId) == .delivered)
            #expect(s.method.cancelCallCount == 0)
            let decided = try await s.shop.read { db in try OrderReturnRepository().returns(db, orderId: order.orderId) }
            #expect(decided.map(\.status) == [.rejected])
            try await s.fulfilment.confirm(userId: s.userId, orderId: order.orderId)
        }
    }
}
