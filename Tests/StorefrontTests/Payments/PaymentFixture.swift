import Database
import Foundation
import Logging
import PluginKit
@testable import Storefront

/// A shop with a fake payment method, a signed-up shopper and a product, for payment-flow tests.
struct PaymentShop {
    let shop: Shop
    let method: FakePaymentMethod
    let flow: PaymentFlow
    let userId: Int
    let product: Product

    /// Places a PENDING order for `quantity` units through the checkout service.
    func placeOrder(quantity: Int = 1) async throws -> Order {
        try await shop.addToCart(userId, product, String(quantity))
        return try await shop.checkoutService(methods: [method.id]).placeOrder(
            userId: userId, signupId: "shopper", customerName: "홍길동", customerPhone: "01012345678", paymentMethod: method.id)
    }

    /// Places an order and confirms it as a virtual account (payment key `pk_va`), which now waits for its deposit.
    func virtualAccountOrder() async throws -> Order {
        method.state.withLock { $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0) }
        let order = try await placeOrder()
        _ = await flow.confirm(userId: userId, orderId: order.orderId, paymentKey: "pk_va", amount: String(order.totalPrice))
        return order
    }

    /// The provider's side of `paymentKey` moves to `status` by itself (a deposit, a deposit taken back).
    func providerSays(_ status: PaymentRecord.Status, paymentKey: String = "pk_va") async throws {
        guard var record = try await method.status(paymentKey: paymentKey) else { throw PaymentFixtureError.unknownPayment(paymentKey) }
        record.status = status
        method.setProviderRecord(record)
    }

    func status(_ orderId: String) async throws -> OrderStatus? { try await shop.read { db in try OrderRepository().find(db, orderId: orderId) }?.status }
    func stock() async throws -> Int { try await shop.stock(product.id) }
    func popularity() async throws -> Int {
        try await shop.database.read { [product] db in
            try db.queryOne("SELECT popularity FROM product WHERE product_id = ?", [product.id]) { row throws(DatabaseError) in
                try row.int(0)
            } ?? -1
        }
    }
}

func withPaymentShop(on engine: DatabaseEngine = .sqlite, stock: Int = 5, price: Int = 12_900, confirmWait: Duration = .seconds(5),
                     logger: Logger = .discarding, _ body: (PaymentShop) async throws -> Void) async throws {
    try await withShop(on: engine) { shop async throws in
        let method = FakePaymentMethod()
        let flow = PaymentFlow(database: shop.database, methods: [method], origin: PublicOrigin("http://shop.test"),
                               confirmWait: confirmWait, logger: logger)
        let user = try await shop.signedUp()
        let product = try await shop.product("사과", price: price, quantity: stock)
        try await body(PaymentShop(shop: shop, method: method, flow: flow, userId: user.id, product: product))
    }
}

enum PaymentFixtureError: Error { case unknownPayment(String) }
