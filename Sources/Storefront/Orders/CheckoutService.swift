import Database
import Foundation

/// What the checkout page shows before the order exists: the cart at current prices, within `OrderLimits`.
public struct CheckoutPreview: Sendable, Equatable {
    public let cart: CartSummary
    public let amount: OrderAmount
    public var lines: [CartSummaryLine] { cart.lines }
    public var totalPrice: Int { amount.totalPrice }
    public var totalQuantity: Int { amount.totalQuantity }
}

/// One product bought straight from its page (바로구매): the order holds this line alone, the cart is neither
/// read nor changed, and the price is the product's at that moment, as for a cart line.
public struct DirectPurchase: Sendable, Equatable {
    public let productId: Int
    public let quantity: Int

    /// From the product form's text: `.notFound(.product)` for a malformed id, `.validation` on `quantity`
    /// (`CartRules.quantity`).
    public init(productId: String, quantity: String) throws(ShopError) {
        guard let id = FormNumber.identifier(productId) else { throw .notFound(.product) }
        self.productId = id
        self.quantity = try CartRules.quantity(quantity)
    }
}

/// Turns a shopper's cart, or one product bought directly (`DirectPurchase`), into a PENDING order with its
/// stock reserved.
///
/// Guarantees:
/// - The order's lines are the cart's lines at the prices in `product` at that moment; nothing the browser
///   sends about items or amounts is used.
/// - Reading the cart and creating the order (guarded stock decrements, `OrderRepository.create`) happen in
///   one write transaction: either every line is reserved and the order exists, or nothing changed and the
///   error names the product that ran short ("재고 부족: …"). Two shoppers racing for the last unit get one
///   order and one "재고 부족".
/// - The cart is left as it is; its bought lines leave it when the order is paid, so a failed or abandoned
///   payment never loses the shopper's cart.
/// - A shopper has at most one PENDING order: placing one expires any earlier PENDING order of theirs (its
///   stock returns) in the same transaction, so double submits and abandoned payment pages hold no stock.
public struct CheckoutService: Sendable {
    public static let customerNameField = "customer_name"
    public static let customerPhoneField = "customer_phone"
    public static let paymentMethodField = "payment_method"

    static let emptyCartMessage = "장바구니가 비어 있습니다."
    static let paymentMethodMessage = "결제 수단을 선택해 주세요."

    let database: any DatabaseWriter
    let carts: CartRepository
    let catalog: CatalogRepository
    let orders: OrderRepository
    let accounts = AccountRepository()
    /// Payment method ids the checkout page offers (the enabled plugins), in display order.
    public let paymentMethods: [String]

    public init(database: any DatabaseWriter, paymentMethods: [String]) {
        self.database = database
        carts = CartRepository()
        catalog = CatalogRepository()
        orders = OrderRepository()
        self.paymentMethods = paymentMethods
    }

    /// The shopper's account, whose name and phone prefill the form; nil when it cannot be read.
    public func account(userId: Int) async -> Account? {
        try? await database.read { [accounts] db in try accounts.find(db, id: userId) }
    }

    /// The cart (or `direct`'s one line) as checkout will order it; `.conflict("장바구니가 비어 있습니다.")` when
    /// empty, `.conflict` with `OrderLimits`' reason when its amount is beyond what one order may be. A direct
    /// purchase of a product that is gone is `.notFound(.product)`, of more than its stock `.conflict`.
    public func preview(userId: Int, direct: DirectPurchase? = nil) async throws(ShopError) -> CheckoutPreview {
        let lines: [CartLine]
        if let direct {
            let catalog = self.catalog
            guard let product = try await ShopError.mapping({ try await database.read { db in try catalog.product(db, id: direct.productId) } }) else {
                throw .notFound(.product)
            }
            try CartRules.checkStock(product, wanted: direct.quantity)
            lines = [CartLine(cartId: 0, product: product, quantity: direct.quantity)]
        } else {
            lines = try await ShopError.mapping { try await database.read { [carts] db in try carts.lines(db, userId: userId) } }
        }
        guard !lines.isEmpty else { throw .conflict(Self.emptyCartMessage) }
        let cart = CartSummary(lines)
        switch cart.amount {
        case .success(let amount): return CheckoutPreview(cart: cart, amount: amount)
        case .failure(let error): throw .conflict(error.message)
        }
    }

    /// Creates the PENDING order for the cart's contents, or for `direct` alone, and reserves its stock.
    ///
    /// Throws `.validation` (fields `customer_name`, `customer_phone`, `payment_method`) for a bad form,
    /// `.conflict` for an empty cart, a line that cannot be reserved (naming the product) or an amount beyond
    /// `OrderLimits` (checked by `OrderRepository.create`, so nothing is reserved then).
    /// The returned order's `orderName` is what the payment window shows ("사과 외 2건").
    public func placeOrder(userId: Int, signupId: String, customerName: String, customerPhone: String,
                           paymentMethod: String, direct: DirectPurchase? = nil) async throws(ShopError) -> Order {
        var errors = ValidationErrors()
        let name = AccountRules.name(customerName, field: Self.customerNameField, into: &errors)
        let phone = AccountRules.phone(customerPhone, field: Self.customerPhoneField, into: &errors)
        if !paymentMethods.contains(paymentMethod) { errors[Self.paymentMethodField] = Self.paymentMethodMessage }
        guard errors.isEmpty else { throw .validation(errors) }

        let carts = self.carts, orders = self.orders
        return try await ShopError.mapping {
            try await database.write { db in
                let lines = try direct.map { [NewOrder.Line(productId: $0.productId, quantity: $0.quantity)] }
                    ?? carts.lines(db, userId: userId).map { NewOrder.Line(productId: $0.product.id, quantity: $0.quantity) }
                guard !lines.isEmpty else { throw ShopError.conflict(Self.emptyCartMessage) }
                // One order waits for payment per shopper: a double-clicked 결제하기 or a second checkout after
                // going back lets go of the earlier order and its stock instead of holding both for 30 minutes.
                for earlier in try orders.pendingOrderIds(db, userId: userId) {
                    _ = try orders.transition(db, orderId: earlier, from: [.pending], to: .expired)
                }
                return try orders.create(db, NewOrder(
                    userId: userId, signupId: signupId, customerName: name, customerPhone: phone,
                    paymentMethod: paymentMethod, lines: lines, fromCart: direct == nil))
            }
        }
    }
}
