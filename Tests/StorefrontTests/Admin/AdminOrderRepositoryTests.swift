import Database
import Foundation
import Testing
@testable import Storefront

/// The back office's order reads on both engines: the filter's totals (refunds included), rows newest first with
/// keyset batches, the text filter, and an order's outbox events.
@Suite("Back office order reads", .timeLimit(.minutes(2)))
struct AdminOrderRepositoryTests {
    @Test("totals and rows follow the filter, refunds are summed, batches continue below the last id", arguments: TestDatabases.engines)
    func totalsAndRows(on engine: DatabaseEngine) async throws {
        try await withPaymentShop(on: engine) { s in
            let first = try await OperatorRefundTests.paidOrder(s, quantity: 1)
            let second = try await OperatorRefundTests.paidOrder(s, quantity: 1)
            _ = try await s.flow.refund(orderId: second.orderId, amount: 1_000, reason: "보상",
                                        claim: RefundClaim(staffId: "op1", expectedBalance: second.totalPrice))
            let pending = try await s.placeOrder(quantity: 1)
            let repository = AdminOrderRepository()
            let all = try await s.shop.read { db in try repository.totals(db, AdminOrderFilter()) }
            #expect(all == AdminOrderTotals(count: 3, amount: first.totalPrice + second.totalPrice + pending.totalPrice, refunded: 1_000))
            let paid = try await s.shop.read { db in try repository.totals(db, AdminOrderFilter(status: .paid)) }
            #expect(paid.count == 2)
            let rows = try await s.shop.read { db in try repository.rows(db, AdminOrderFilter(), limit: 2) }
            #expect(rows.map(\.order.orderId) == [pending.orderId, second.orderId])
            #expect(rows.map(\.refunded) == [0, 1_000])
            let rest = try await s.shop.read { db in try repository.rows(db, AdminOrderFilter(), before: rows[1].order.id, limit: 2) }
            #expect(rest.map(\.order.orderId) == [first.orderId])
            let byName = try await s.shop.read { db in try repository.totals(db, AdminOrderFilter(text: "길동")) }
            #expect(byName.count == 3)
            let byLiteralPercent = try await s.shop.read { db in try repository.totals(db, AdminOrderFilter(text: "%")) }
            #expect(byLiteralPercent.count == 0)
            let today = KoreaDate.startOfDay(Date())
            let tomorrow = try await s.shop.read { db in try repository.totals(db, AdminOrderFilter(from: KoreaDate.adding(days: 1, to: today))) }
            #expect(tomorrow.count == 0)
            let todays = try await s.shop.read { db in try repository.totals(db, AdminOrderFilter(from: today, until: today)) }
            #expect(todays.count == 3)
            let events = try await s.shop.read { db in try repository.events(db, orderId: second.orderId) }.map(\.topic)
            #expect(events.contains("order.paid") && events.contains("order.refunded"))
        }
    }
}
