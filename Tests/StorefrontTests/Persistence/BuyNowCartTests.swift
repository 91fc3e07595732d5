import Database
import Foundation
import Testing
@testable import Storefront

/// Coupang's 바로구매 neither reads nor changes the cart: paying for it leaves a cart line of the same product as it
/// was, while paying for a checkout of the cart takes the bought lines out.
@Suite("Paying leaves the cart to 바로구매")
struct BuyNowCartTests {
    func paidOrder(_ shop: Shop, user: Int, product: Int, fromCart: Bool) async throws {
        let request = NewOrder(userId: user, signupId: "shopper", customerName: "구매자", customerPhone: "01055556666",
                               lines: [NewOrder.Line(productId: product, quantity: 1)], fromCart: fromCart)
        let order = try await shop.write { [orders = shop.orders] db in try orders.create(db, request) }
        try await shop.markPaid(order.orderId)
    }

    func cartQuantity(_ shop: Shop, user: Int) async throws -> [Int] {
        try await shop.read { [carts = shop.carts] db in try carts.lines(db, userId: user).map(\.quantity) }
    }

    func addToCart(_ shop: Shop, user: Int, product: Int) async throws {
        try await shop.write { db in
            try db.execute("INSERT INTO cart (product_id, user_id, signup_id, quantity, created_at, updated_at) VALUES (?, ?, 'shopper', 2, 0, 0)",
                           [product, user])
        }
    }

    @Test("a paid 바로구매 of a product that is also in the cart leaves that cart line as it was", arguments: TestDatabases.engines)
    func buyNowKeepsCart(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 10)
            try await addToCart(shop, user: user, product: product.id)
            try await paidOrder(shop, user: user, product: product.id, fromCart: false)
            #expect(try await cartQuantity(shop, user: user) == [2])
        }
    }

    @Test("a paid checkout of the cart takes the bought line out of it", arguments: TestDatabases.engines)
    func cartCheckoutClears(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 10)
            try await addToCart(shop, user: user, product: product.id)
            try await paidOrder(shop, user: user, product: product.id, fromCart: true)
            #expect(try await cartQuantity(shop, user: user).isEmpty)
        }
    }
}
