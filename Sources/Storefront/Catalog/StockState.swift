/// How a product's stock reads on the product page, the cards and the cart.
public enum StockState: Sendable, Equatable {
    case soldOut
    /// At most `StockState.lowThreshold` units left: the count is shown.
    case low(Int)
    case inStock

    /// From this many units down, the page says how many are left.
    public static let lowThreshold = 5

    public init(quantity: Int) {
        if quantity <= 0 {
            self = .soldOut
        } else if quantity <= Self.lowThreshold {
            self = .low(quantity)
        } else {
            self = .inStock
        }
    }

    /// "품절", "n개 남음" or "재고 있음".
    public var text: String {
        switch self {
        case .soldOut: "품절"
        case .low(let left): "\(left)개 남음"
        case .inStock: "재고 있음"
        }
    }
}

extension Product {
    public var stockState: StockState { StockState(quantity: quantity) }
}
