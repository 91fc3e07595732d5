import Mustache

/// How the cart, checkout and order pages print a 배송비 (`Templates/README.md`'s `Shipping`): one place, so the
/// three pages word it alike.
enum ShippingValues {
    /// `Shipping`: `feeText` ("3,000원" or "무료"), `surchargeText` and `surchargeLabel` when a 제주/도서산간 surcharge
    /// applies, and `freeHint` ("50,000원 이상 무료배송까지 12,000원") while the base fee is charged.
    static func quote(_ quote: ShippingQuote, freeOver: Int) -> MustacheValue {
        var fields: [String: MustacheValue] = [
            "feeText": .string(quote.total == 0 ? "무료" : Won.format(quote.total)),
            "baseFeeText": .string(quote.baseFee == 0 ? "무료" : Won.format(quote.baseFee)),
        ]
        if quote.surcharge > 0 {
            fields["surchargeText"] = .string(Won.format(quote.surcharge))
            fields["surchargeLabel"] = .string(quote.area.surchargeLabel)
        }
        if let hint = quote.freeShippingHint(freeOver: freeOver) { fields["freeHint"] = .string(hint) }
        return .object(fields)
    }
}
