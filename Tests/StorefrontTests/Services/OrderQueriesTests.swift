import Foundation
import Testing
@testable import Storefront

@Suite("OrderQueries")
struct OrderQueriesTests {
    @Test("a shopper's orders list newest first with Korean status labels")
    func list() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let other = try await shop.user("other")
            let product = try await shop.product(quantity: 10)
            let first = try await shop.order(userId: user, [(product.id, 1)])
            let second = try await shop.order(userId: user, [(product.id, 2)])
            _ = try await shop.order(userId: other, [(product.id, 1)])
            _ = try await shop.write { db in try OrderRepository().transition(db, orderId: first.orderId, from: [.pending], to: .failed) }
            let listed = try await shop.orderQueries.list(userId: user)
            #expect(listed.map(\.order.orderId) == [second.orderId, first.orderId])
            #expect(listed.map(\.statusLabel) == ["결제 대기", "결제 실패"])
        }
    }

    @Test("every status has its Korean label",
          arguments: [(OrderStatus.pending, "결제 대기"), (.confirming, "결제 확인 중"), (.paid, "결제 완료"),
                      (.waitingForDeposit, "입금 대기"), (.failed, "결제 실패"), (.canceled, "취소 완료"), (.expired, "기한 만료")])
    func labels(status: OrderStatus, label: String) {
        #expect(status.label == label)
    }

    @Test("the detail shows the shopper's own order with its latest payment")
    func detail() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let order = try await shop.order(userId: user, [(try await shop.product().id, 1)])
            let empty = try await shop.orderQueries.detail(userId: user, orderId: order.orderId)
            #expect(empty.order == order)
            #expect(empty.payment == nil)
            let record = StoredPayment(paymentKey: "pay_1", orderId: order.orderId, method: "카드", totalPrice: order.totalPrice,
                                           totalAmount: order.totalPrice, balanceAmount: order.totalPrice, status: .done)
            try await shop.write { db in try PaymentRepository().save(db, record) }
            #expect(try await shop.orderQueries.detail(userId: user, orderId: order.orderId).payment?.paymentKey == "pay_1")
        }
    }

    @Test("another shopper's order, an unknown order and a malformed id are all not found")
    func notFound() async throws {
        try await withShop { shop async throws in
            let owner = try await shop.user()
            let stranger = try await shop.user("stranger")
            let order = try await shop.order(userId: owner, [(try await shop.product().id, 1)])
            for (user, id) in [(stranger, order.orderId), (owner, "ord_doesnotexist1"), (owner, "../etc/passwd"), (owner, "")] {
                await #expect(throws: ShopError.notFound(.order)) { try await shop.orderQueries.detail(userId: user, orderId: id) }
            }
        }
    }
}
