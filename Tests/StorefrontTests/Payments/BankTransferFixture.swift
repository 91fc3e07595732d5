import BankTransfer
import Database
import Foundation
import Logging
import PluginKit
@testable import Storefront

/// A shop offering 무통장입금 through the real BankTransfer plugin (its records in the shop's database), a
/// signed-up shopper named 홍길동 and a product, for the deposit-matching tests.
struct BankTransferShop {
    let shop: Shop
    let flow: PaymentFlow
    let deposits: BankDeposits
    let userId: Int
    let product: Product

    static let account = BankTransferOptions(bank: "신한은행", accountNumber: "110-123-456789", holder: "주식회사 예시", validHours: 72)

    /// Places an order paid by bank transfer and takes it through the payment page's step: the account is issued
    /// and the order waits for its deposit.
    func waitingOrder(quantity: Int = 1, customerName: String = "홍길동") async throws -> Order {
        try await shop.addToCart(userId, product, String(quantity))
        let order = try await shop.checkoutService(methods: ["banktransfer.account"]).placeOrder(
            userId: userId, signupId: "shopper", customerName: customerName, customerPhone: "01012345678", paymentMethod: "banktransfer.account")
        guard case .none(let key)? = flow.browserStep(for: order) else { throw BankTransferFixtureError.windowOpened }
        guard case .settled(let waiting, _) = await flow.confirm(userId: userId, orderId: order.orderId, paymentKey: key,
                                                                 amount: String(order.totalPrice)) else {
            throw BankTransferFixtureError.notWaiting
        }
        return waiting
    }

    func status(_ orderId: String) async throws -> OrderStatus? {
        try await shop.read { db in try OrderRepository().find(db, orderId: orderId) }?.status
    }
}

enum BankTransferFixtureError: Error { case windowOpened, notWaiting }

func withBankTransferShop(on engine: DatabaseEngine = .sqlite, stock: Int = 10, price: Int = 12_900,
                          _ body: (BankTransferShop) async throws -> Void) async throws {
    try await withShop(on: engine) { shop async throws in
        let provider = BankTransfer(account: BankTransferShop.account, ledger: DatabasePaymentLedger(database: shop.database))
        let flow = PaymentFlow(database: shop.database, methods: provider.methods, providers: [provider],
                               origin: PublicOrigin("http://shop.test"), confirmWait: .seconds(5), logger: .discarding)
        let user = try await shop.signedUp()
        let product = try await shop.product("사과", price: price, quantity: stock)
        try await body(BankTransferShop(shop: shop, flow: flow, deposits: BankDeposits(flow: flow), userId: user.id, product: product))
    }
}
