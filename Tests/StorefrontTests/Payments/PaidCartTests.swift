import Foundation
import PluginKit
import Testing
@testable import Storefront

/// What paying does to the shopper's cart: the bought lines leave it in the payment's own transaction.
@Suite("the cart after paying")
struct PaidCartTests {
    @Test("paying takes the bought products out of the cart at once; lines added after checkout stay")
    func payingClearsBoughtLines() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder(quantity: 2)
            let pear = try await s.shop.product("배", price: 8_000)
            _ = try await s.shop.addToCart(s.userId, pear, "1")

            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            #expect(try await s.shop.read { db in try CartRepository().lines(db, userId: s.userId) }.map(\.product.id) == [pear.id])
        }
    }

    @Test("a failed payment leaves the cart as it was")
    func failureKeepsCart() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .fail(PaymentError(.rejected, code: "REJECT_CARD_COMPANY", message: "거절")) }
            let order = try await s.placeOrder(quantity: 2)
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            #expect(try await s.status(order.orderId) == .failed)
            #expect(try await s.shop.read { db in try CartRepository().lines(db, userId: s.userId) }.map(\.quantity) == [2])
        }
    }

    @Test("a virtual account clears the bought lines when issued; its later deposit leaves products added since")
    func depositKeepsNewLines() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0) }
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_va", amount: "12900")
            #expect(try await s.shop.read { db in try CartRepository().lines(db, userId: s.userId) }.isEmpty)

            _ = try await s.shop.addToCart(s.userId, s.product, "1")
            _ = try await s.shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.waitingForDeposit], to: .paid) }
            #expect(try await s.shop.read { db in try CartRepository().lines(db, userId: s.userId) }.map(\.product.id) == [s.product.id])
        }
    }
}
