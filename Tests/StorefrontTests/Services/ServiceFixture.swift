import Foundation
import Synchronization
@testable import Storefront

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }
    var unixSeconds: Int { Int(now.timeIntervalSince1970) }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

extension Shop {
    /// Accounts with bcrypt cost 4 (fast) and the given clock.
    func accountService(clock: TestClock = TestClock(), policy: LoginThrottlePolicy = .init()) -> AccountService {
        AccountService(database: database, passwordCost: 4, throttlePolicy: policy, now: { clock.now })
    }

    var catalogService: CatalogService { CatalogService(database: database) }
    var cartService: CartService { CartService(database: database) }
    var orderQueries: OrderQueries { OrderQueries(database: database) }

    /// Checkout with free delivery (`ShippingPolicy.free`) unless `shipping` says otherwise: most tests are about
    /// the goods, stock and payment, and keep the goods' amounts.
    func checkoutService(methods: [String] = ["toss.card", "toss.transfer"], shipping: ShippingPolicy = .free) -> CheckoutService {
        CheckoutService(database: database, paymentMethods: methods, shipping: shipping)
    }

    /// Signs up "shopper" (password "correct horse") and returns the account.
    func signedUp(_ signupId: String = "shopper", service: AccountService? = nil) async throws -> Account {
        try await (service ?? accountService()).signUp(
            SignupForm(signupId: signupId, password: "correct horse", name: "홍길동", phone: "010-1234-5678"))
    }
}

extension Shop {
    /// Adds `quantity` (form text) of `product` to `user`'s cart through the service.
    @discardableResult
    func addToCart(_ user: Int, _ product: Product, _ quantity: String, signupId: String = "shopper") async throws(ShopError) -> Int {
        try await cartService.add(userId: user, signupId: signupId, productId: "\(product.id)", quantity: quantity)
    }
}
