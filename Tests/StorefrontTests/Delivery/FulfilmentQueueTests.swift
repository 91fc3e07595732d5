import Database
import Foundation
import Testing
@testable import Storefront

/// What the operator's lists read, on every engine: orders by fulfilment status (found by 주문번호 or a name, paged,
/// counted) and returns by status.
@Suite("Operator queues")
struct FulfilmentQueueTests {
    @Test("orders are listed by status with their recipient and first item, found by id or name, paged and counted", arguments: TestDatabases.engines)
    func orders(engine: DatabaseEngine) async throws {
        try await withDeliveryShop(on: engine) { s in
            let first = try await s.paidOrder(), second = try await s.paidOrder(quantity: 2)
            try await s.advance(second.orderId, to: .shipped)
            let queue = FulfilmentQueueRepository()
            let (preparing, total) = try await s.shop.read { db in try queue.orders(db, .init(status: .preparing), limit: 10, offset: 0) }
            #expect(total == 1 && preparing.map(\.delivery.orderId) == [first.orderId])
            #expect(preparing.first?.firstItem == "사과" && preparing.first?.itemCount == 1 && preparing.first?.totalPrice == first.totalPrice)
            let byName = try await s.shop.read { db in try queue.orders(db, .init(status: .shipped, search: "길동"), limit: 10, offset: 0) }
            #expect(byName.items.map(\.delivery.orderId) == [second.orderId] && byName.items.first?.delivery.trackingNumber == "123456789012")
            let byId = try await s.shop.read { db in try queue.orders(db, .init(status: .shipped, search: second.orderId), limit: 10, offset: 0) }
            #expect(byId.total == 1)
            let wildcard = try await s.shop.read { db in try queue.orders(db, .init(status: .shipped, search: "%"), limit: 10, offset: 0) }
            #expect(wildcard.total == 0)
            let past = try await s.shop.read { db in try queue.orders(db, .init(status: .preparing), limit: 10, offset: 10) }
            #expect(past.items.isEmpty && past.total == 1)
        }
    }

    @Test("returns are listed by status, oldest first, with their refund as approval computes it", arguments: TestDatabases.engines)
    func returns(engine: DatabaseEngine) async throws {
        try await withDeliveryShop(on: engine) { s in
            let order = try await s.paidOrder(quantity: 2)
            try await s.advance(order.orderId, to: .delivered)
            try await s.returns.request(userId: s.userId, orderId: order.orderId, quantities: [String(s.product.id): "1"],
                                        reason: ReturnReason.changedMind.rawValue, text: "")
            let queries = FulfilmentQueries(database: s.shop.database, flow: s.flow, returns: s.returns)
            let open = try await queries.returns(status: .requested, page: 1)
            #expect(open.total == 1 && open.items.first?.refundAmount == 12_900 - 3_000 && open.items.first?.returnFee == 3_000)
            #expect(open.items.first?.refundBanks == nil)
            #expect(try await queries.returns(status: .approved, page: Int.max).items.isEmpty)
        }
    }
}
