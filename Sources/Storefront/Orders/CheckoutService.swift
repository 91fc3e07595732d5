import Database
import Foundation

/// What the checkout page shows before the order exists: the cart at current prices, within `OrderLimits`.
public struct CheckoutPreview: Sendable, Equatable {
    public let cart: CartSummary
    public let amount: OrderAmount
    /// The 배송비 to the shopper's default address (no surcharge before one is known).
    public let shipping: ShippingQuote
    public var lines: [CartSummaryLine] { cart.lines }
    /// What the goods come to.
    public var goodsPrice: Int { amount.totalPrice }
    /// What the order will charge: goods and 배송비.
    public var totalPrice: Int { amount.totalPrice + shipping.total }
    public var totalQuantity: Int { amount.totalQuantity }
}

/// The checkout form's delivery fields as typed: the address, 배송 요청사항, and whether to keep the address in
/// the 배송지 목록. `CheckoutService.placeOrder` validates them.
public struct DeliveryForm: Sendable, Equatable {
    public var recipient = "", phone = "", postalCode = "", line1 = "", line2 = ""
    public var requestChoice = "", requestCustom = ""
    public var saveToAddressBook = false

    public static let saveField = "save_address"

    public init() {}

    public init(address: DeliveryAddress) {
        recipient = address.recipient
        phone = address.phone
        postalCode = address.postalCode
        line1 = address.line1
        line2 = address.line2
    }
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
    let addresses = AddressBookRepository()
    /// Decides each order's 배송비 (`shipping` in storefront.json).
    public let shipping: ShippingPolicy
    /// Payment method ids the checkout page offers (the enabled plugins), in display order.
    public let paymentMethods: [String]

    public init(database: any DatabaseWriter, paymentMethods: [String], shipping: ShippingPolicy = ShippingPolicy()) {
        self.database = database
        self.shipping = shipping
        carts = CartRepository()
        catalog = CatalogRepository()
        orders = OrderRepository()
        self.paymentMethods = paymentMethods
    }

    /// The shopper's account, whose name and phone prefill the form; nil when it cannot be read.
    public func account(userId: Int) async -> Account? {
        try? await database.read { [accounts] db in try accounts.find(db, id: userId) }
    }

    /// The shopper's default address, which prefills the delivery fields; nil when they have none (or on a read error).
    public func defaultAddress(userId: Int) async -> DeliveryAddress? {
        try? await database.read { [addresses] db in try addresses.defaultEntry(db, userId: userId)?.address }
    }

    /// The cart (or `direct`'s one line) as checkout will order it; `.conflict("장바구니가 비어 있습니다.")` when
    /// empty, `.conflict` with `OrderLimits`' reason when its amount is beyond what one order may be. A direct
    /// purchase of a product that is gone is `.notFound(.product)`, of more than its stock `.conflict`.
    public func preview(userId: Int, direct: DirectPurchase? = nil, postalCode: String? = nil) async throws(ShopError) -> CheckoutPreview {
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
        case .success(let amount):
            return CheckoutPreview(cart: cart, amount: amount, shipping: shipping.quote(goodsPrice: amount.totalPrice, postalCode: postalCode))
        case .failure(let error): throw .conflict(error.message)
        }
    }

    /// Creates the PENDING order for the cart's contents, or for `direct` alone, and reserves its stock.
    ///
    /// The delivery address and 배송 요청사항 are validated here (`DeliveryAddress`, `DeliveryRequest` field names),
    /// copied onto the order, and, when `delivery.saveToAddressBook`, added to the shopper's 배송지 목록 (while it has
    /// room) in the same transaction. The 배송비 is decided by `OrderRepository.create` from the goods and the postal code.
    ///
    /// Throws `.validation` (fields `customer_name`, `customer_phone`, `payment_method`) for a bad form,
    /// `.conflict` for an empty cart, a line that cannot be reserved (naming the product) or an amount beyond
    /// `OrderLimits` (checked by `OrderRepository.create`, so nothing is reserved then).
    /// The returned order's `orderName` is what the payment window shows ("사과 외 2건").
    public func placeOrder(userId: Int, signupId: String, customerName: String, customerPhone: String,
                           paymentMethod: String, delivery: DeliveryForm, direct: DirectPurchase? = nil) async throws(ShopError) -> Order {
        var errors = ValidationErrors()
        let name = AccountRules.name(customerName, field: Self.customerNameField, into: &errors)
        let phone = AccountRules.phone(customerPhone, field: Self.customerPhoneField, into: &errors)
        let address = DeliveryAddress.parse(recipient: delivery.recipient, phone: delivery.phone, postalCode: delivery.postalCode,
                                            line1: delivery.line1, line2: delivery.line2, into: &errors)
        let request = DeliveryRequest.parse(choice: delivery.requestChoice, custom: delivery.requestCustom, into: &errors)
        if !paymentMethods.contains(paymentMethod) { errors[Self.paymentMethodField] = Self.paymentMethodMessage }
        guard errors.isEmpty, let address else { throw .validation(errors) }

        let carts = self.carts, orders = self.orders, addresses = self.addresses, shipping = self.shipping
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
                if delivery.saveToAddressBook, try addresses.count(db, userId: userId) < AddressBookRepository.maxEntries,
                   !(try addresses.list(db, userId: userId).contains { $0.address == address }) {
                    try addresses.add(db, userId: userId, address, makeDefault: false)
                }
                return try orders.create(db, NewOrder(
                    userId: userId, signupId: signupId, customerName: name, customerPhone: phone,
                    paymentMethod: paymentMethod, lines: lines, fromCart: direct == nil, delivery: (address, request),
                    shipping: shipping))
            }
        }
    }
}
