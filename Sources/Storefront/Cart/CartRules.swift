/// The cart's quantity and stock rules, shared by adding and changing a line.
public enum CartRules {
    public static let quantityField = "quantity"
    /// The most units of one product a cart line may hold (the schema's bound too).
    public static let maxQuantity = OrderLimits.maxLineQuantity

    static let quantityMessage = "수량은 1개 이상 \(maxQuantity)개 이하의 숫자로 입력해 주세요."
    static let lineLimitMessage = "한 상품은 최대 \(maxQuantity)개까지 담을 수 있습니다."
    static let soldOutMessage = "품절된 상품입니다."

    /// The product form's hidden field naming that rendering of the form (see `CartService.add`).
    public static let addTokenField = "add_token"

    /// A fresh token for one rendering of the add-to-cart form: 128 random bits as 32 hex digits.
    public static func newAddToken() -> String { SecureToken.hex(bytes: 16) }

    /// The posted token when it looks like one `newAddToken` makes; anything else is ignored (nil), so a
    /// form without one, or with junk, simply adds.
    static func addToken(_ text: String) -> String? {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } ? text : nil
    }

    /// The form's quantity as a number in 1…99, or `.validation` naming the `quantity` field.
    /// Zero and negative numbers are refused too: removing a line is its own action.
    static func quantity(_ text: String) throws(ShopError) -> Int {
        guard let quantity = FormNumber.integer(text.trimmingCharacters(in: .whitespaces)),
              (1...maxQuantity).contains(quantity) else {
            throw .validation([quantityField: quantityMessage])
        }
        return quantity
    }

    /// Refuses a line of `wanted` units when the product is sold out or has fewer units in stock.
    static func checkStock(_ product: Product, wanted: Int) throws(ShopError) {
        if product.quantity <= 0 { throw .conflict(soldOutMessage) }
        if wanted > product.quantity { throw .conflict(insufficientStockMessage(available: product.quantity)) }
    }

    static func insufficientStockMessage(available: Int) -> String {
        "재고가 부족합니다. (남은 수량: \(available)개)"
    }
}
