import Database
import Foundation
import Logging
import PluginKit
@testable import Storefront

/// A shop on one engine with a fake provider, a shopper, a product at 12,900원 and the delivery services, whose
/// orders go to 서울 with the configured fee (3,000원 below 50,000원).
struct DeliveryShop {
    let shop: Shop
    let method: FakePaymentMethod
    let flow: PaymentFlow
    let fulfilment: FulfilmentService
    let returns: ReturnService
    let userId: Int
    let product: Product

    /// A PENDING order of `quantity` units delivered to `delivery`.
    func placeOrder(quantity: Int = 1, delivery: DeliveryForm = .seoul) async throws -> Order {
        try await shop.addToCart(userId, product, String(quantity))
        return try await shop.checkoutService(methods: [method.id], shipping: ShippingPolicy()).placeOrder(
            userId: userId, signupId: "shopper", customerName: "홍길동", customerPhone: "01012345678",
            paymentMethod: method.id, delivery: delivery)
    }

    /// An order confirmed by the provider for its whole total: PAID, fulfilment PREPARING.
    func paidOrder(quantity: Int = 1) async throws -> Order {
        let order = try await placeOrder(quantity: quantity)
        _ = await flow.confirm(userId: userId, orderId: order.orderId, paymentKey: "pk_\(order.orderId)", amount: String(order.totalPrice))
        return order
    }

    func delivery(_ orderId: String) async throws -> OrderDelivery? {
        try await shop.read { db in try OrderDeliveryRepository().find(db, orderId: orderId) }
    }

    func status(_ orderId: String) async throws -> FulfilmentStatus? { try await delivery(orderId)?.status }

    func orderStatus(_ orderId: String) async throws -> OrderStatus? {
        try await shop.read { db in try OrderRepository().find(db, orderId: orderId) }?.status
    }

    func topics(_ orderId: String) async throws -> [String] {
        try await shop.read { db in
            try db.query("SELECT topic FROM outbox WHERE aggregate_id = ? ORDER BY outbox_id", [orderId]) { row throws(DatabaseError) in
                try row.string("topic")
            }
        }
    }

    /// Moves a paid order to `status` the way the shop does (ship, deliver, confirm).
    func advance(_ orderId: String, to status: FulfilmentStatus) async throws {
        let path: [FulfilmentStatus] = [.shipped, .delivered, .confirmed]
        for step in path.prefix(while: { $0 != status }) + [status] {
            switch step {
            case .shipped: try await fulfilment.ship(orderId: orderId, carrier: "cj", trackingNumber: "1234-5678-9012")
            case .delivered: try await fulfilment.markDelivered(orderId: orderId)
            case .confirmed: try await fulfilment.confirm(userId: userId, orderId: orderId)
            default: return
            }
        }
    }
}

func withDeliveryShop(on engine: DatabaseEngine = .sqlite, stock: Int = 10, price: Int = 12_900,
                      _ body: (DeliveryShop) async throws -> Void) async throws {
    try await withShop(on: engine) { shop async throws in
        let method = FakePaymentMethod()
        let flow = PaymentFlow(database: shop.database, methods: [method], origin: PublicOrigin("http://shop.test"),
                               confirmWait: .seconds(5), logger: .discarding)
        let fulfilment = FulfilmentService(database: shop.database, flow: flow, logger: .discarding)
        let returns = ReturnService(database: shop.database, flow: flow, fulfilment: fulfilment, returnFee: 3_000, logger: .discarding)
        let user = try await shop.signedUp()
        let product = try await shop.product("사과", price: price, quantity: stock)
        try await body(DeliveryShop(shop: shop, method: method, flow: flow, fulfilment: fulfilment, returns: returns,
                                    userId: user.id, product: product))
    }
}
