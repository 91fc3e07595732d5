/// A line of goods at a unit price: a cart line, or an order line as it is being placed.
public protocol PricedLine {
    var productName: String { get }
    /// Integer KRW.
    var unitPrice: Int { get }
    var quantity: Int { get }
}

/// What a set of lines comes to, within `OrderLimits`.
public struct OrderAmount: Sendable, Equatable {
    /// Integer KRW, 0…`OrderLimits.maxOrderTotal`.
    public let totalPrice: Int
    public let totalQuantity: Int
}

/// Why a set of lines cannot be ordered as it is; `message` is Korean and safe to show.
public struct OrderLimitError: Error, Sendable, Equatable {
    public let message: String
}

/// How large prices, line quantities and order totals may be, and the one place that adds them up.
///
/// Guarantees: a unit price is 0…100,000,000원 (1억), a line holds 1…99 units, and an order comes to at most
/// 10,000,000,000원 (100억), so any single line fits and no sum can come near `Int.max`. The forms (quantity
/// fields), the services and the schema (migration 6's triggers) use these numbers. `amount(of:)` never traps:
/// a price or quantity beyond its bound (a row from before the bounds) or a total beyond the order bound is an
/// `OrderLimitError` naming the problem, which pages show and checkout refuses.
public enum OrderLimits {
    public static let maxUnitPrice = 100_000_000
    public static let maxLineQuantity = 99
    public static let maxOrderTotal = 10_000_000_000

    static let unitPriceMessage = "가격이 주문할 수 있는 범위(최대 \(Won.format(maxUnitPrice)))를 벗어난 상품이 있습니다"
    static let totalMessage = "한 번에 주문할 수 있는 금액은 최대 \(Won.format(maxOrderTotal))입니다. 수량을 줄이거나 나누어 주문해 주세요."
    static let quantityMessage = "한 상품은 최대 \(maxLineQuantity)개까지 주문할 수 있습니다"

    /// The total price and units of `lines`, or why they cannot be ordered.
    public static func amount(of lines: some Sequence<some PricedLine>) -> Result<OrderAmount, OrderLimitError> {
        var price = 0, units = 0
        for line in lines {
            guard (0...maxUnitPrice).contains(line.unitPrice) else {
                return .failure(OrderLimitError(message: "\(unitPriceMessage): \(line.productName)"))
            }
            guard (1...maxLineQuantity).contains(line.quantity) else {
                return .failure(OrderLimitError(message: "\(quantityMessage): \(line.productName)"))
            }
            // Both factors are bounded, so the product and the sums stay far below Int.max; checking for overflow
            // anyway keeps that true if the bounds above are ever raised carelessly.
            guard let lineTotal = Won.times(line.unitPrice, line.quantity) else { return .failure(OrderLimitError(message: totalMessage)) }
            let (sum, overflow) = price.addingReportingOverflow(lineTotal)
            guard !overflow, sum <= maxOrderTotal else { return .failure(OrderLimitError(message: totalMessage)) }
            price = sum
            units += line.quantity
        }
        return .success(OrderAmount(totalPrice: price, totalQuantity: units))
    }

    /// What an order charges: its goods and its 배송비, within `maxOrderTotal`.
    public static func total(goods: Int, shipping: Int) -> Result<Int, OrderLimitError> {
        let (sum, overflow) = goods.addingReportingOverflow(shipping)
        guard !overflow, shipping >= 0, sum <= maxOrderTotal else { return .failure(OrderLimitError(message: totalMessage)) }
        return .success(sum)
    }
}

extension OrderLine: PricedLine {}
