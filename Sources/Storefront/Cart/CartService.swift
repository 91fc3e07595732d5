import Database
import Foundation

/// One cart line as the cart and checkout pages show it; amounts are integer KRW.
public struct CartSummaryLine: Sendable, Equatable, PricedLine {
    public let product: Product
    public let quantity: Int
    public var productName: String { product.name }
    public var unitPrice: Int { product.price }
    /// `unitPrice × quantity`; nil only for a price from before the bounds that overflows (see `OrderLimits`).
    public var lineTotal: Int? { Won.times(product.price, quantity) }
    /// The product is sold out, or has fewer units than the line asks for (stock moved since adding).
    public var exceedsStock: Bool { quantity > product.quantity }
}

/// A cart's lines and totals, all computed on the server from current prices.
///
/// Guarantee: the totals are `OrderLimits.amount(of:)` of the lines, so reading a cart never traps whatever the
/// database holds; a cart that cannot be ordered as it is has `amount` `.failure` with the Korean reason.
public struct CartSummary: Sendable, Equatable {
    public let lines: [CartSummaryLine]
    /// What checkout would charge, or why it cannot.
    public let amount: Result<OrderAmount, OrderLimitError>

    init(_ lines: [CartLine]) {
        self.lines = lines.map { CartSummaryLine(product: $0.product, quantity: $0.quantity) }
        amount = OrderLimits.amount(of: self.lines)
    }

    /// The amount to pay; nil when `amount` is a failure.
    public var totalPrice: Int? { try? amount.get().totalPrice }
    /// Units in all lines; nil when `amount` is a failure.
    public var totalQuantity: Int? { try? amount.get().totalQuantity }
    /// Why the cart cannot be ordered as it is (shown above its total), or nil.
    public var limitMessage: String? {
        if case .failure(let error) = amount { error.message } else { nil }
    }
    /// Distinct products in the cart: the number on the header's cart badge.
    public var itemCount: Int { lines.count }
    public var isEmpty: Bool { lines.isEmpty }
    /// Whether every line can currently be reserved (checkout would otherwise answer "재고 부족").
    public var isWithinStock: Bool { !lines.contains(where: \.exceedsStock) }
}

/// Adding to, changing and reading a shopper's cart. Product ids and quantities arrive as form text.
///
/// Guarantees: a quantity is a whole number 1…99 (`OrderLimits.maxLineQuantity`), and a line never asks for
/// more than the stock at the moment it is written (what is already in the cart counts) — the check and the
/// write share one write transaction, so two tabs cannot slip past it together. A zero or negative quantity is an error, never
/// a delete. Stock is not reserved here: checkout reserves it.
public struct CartService: Sendable {
    let database: any DatabaseWriter
    let carts: CartRepository
    let catalog: CatalogRepository

    public init(database: any DatabaseWriter) {
        self.database = database
        carts = CartRepository()
        catalog = CatalogRepository()
    }

    /// Adds `quantity` units of a product (to its line if it has one). Returns the line's new quantity.
    /// Throws `.notFound(.product)`, `.validation` on `quantity`, or `.conflict` when sold out, above
    /// stock, or above 99 units in one line.
    ///
    /// `addToken` names the rendering of the form the units come from (`CartRules.addToken`): when the
    /// line's last add came from that same form, this is the form arriving twice (a double click) and
    /// nothing is added, not even a stock complaint about units the first arrival already took.
    @discardableResult
    public func add(userId: Int, signupId: String, productId: String, quantity: String,
                    addToken: String? = nil) async throws(ShopError) -> Int {
        guard let productId = FormNumber.identifier(productId) else { throw .notFound(.product) }
        let quantity = try CartRules.quantity(quantity)
        let addToken = addToken.flatMap(CartRules.addToken)
        let carts = self.carts, catalog = self.catalog
        return try await ShopError.mapping {
            try await database.write { db in
                let line = try carts.line(db, userId: userId, productId: productId)
                if let line, let addToken, line.lastAddToken == addToken { return line.quantity }
                guard let product = try catalog.product(db, id: productId) else { throw ShopError.notFound(.product) }
                let wanted = (line?.quantity ?? 0) + quantity
                try CartRules.checkStock(product, wanted: wanted)
                if wanted > CartRules.maxQuantity { throw ShopError.conflict(CartRules.lineLimitMessage) }
                return try carts.add(db, userId: userId, signupId: signupId, productId: productId, quantity: quantity,
                                     addToken: addToken)
            }
        }
    }

    /// Sets the quantity of a product already in the cart. Throws `.notFound(.cartLine)` when the cart has no
    /// such line, `.validation` on `quantity` (0 and negatives included), `.conflict` when sold out or above stock.
    public func changeQuantity(userId: Int, productId: String, quantity: String) async throws(ShopError) {
        guard let productId = FormNumber.identifier(productId) else { throw .notFound(.cartLine) }
        let quantity = try CartRules.quantity(quantity)
        let carts = self.carts, catalog = self.catalog
        try await ShopError.mapping {
            try await database.write { db in
                guard try carts.quantity(db, userId: userId, productId: productId) != nil,
                      let product = try catalog.product(db, id: productId) else { throw ShopError.notFound(.cartLine) }
                try CartRules.checkStock(product, wanted: quantity)
                try carts.setQuantity(db, userId: userId, productId: productId, quantity: quantity)
            }
        }
    }

    /// Removes a product's line. Removing a line that is not there (a double click) succeeds quietly;
    /// a malformed id is `.notFound(.cartLine)`.
    public func remove(userId: Int, productId: String) async throws(ShopError) {
        guard let productId = FormNumber.identifier(productId) else { throw .notFound(.cartLine) }
        try await ShopError.mapping { _ = try await database.write { db in try carts.remove(db, userId: userId, productId: productId) } }
    }

    /// The cart's lines (oldest first) with current prices and totals.
    public func summary(userId: Int) async throws(ShopError) -> CartSummary {
        let lines = try await ShopError.mapping { try await database.read { db in try carts.lines(db, userId: userId) } }
        return CartSummary(lines)
    }

    /// Distinct products in the cart, for the header badge (one index count, no join).
    public func count(userId: Int) async throws(ShopError) -> Int {
        let carts = self.carts
        return try await ShopError.mapping { try await database.read { db in try carts.lineCount(db, userId: userId) } }
    }
}
