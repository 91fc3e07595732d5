/// Formats integer KRW amounts the way Korean shops print them: `12,900원`, `-3,000원`.
/// Money is always an `Int` of won; there are no fractional won, and no arithmetic on it traps (`times`,
/// `OrderLimits.amount(of:)`).
public enum Won {
    /// `amount × count`, or nil when it does not fit in an `Int`. Within `OrderLimits` it always fits; only a row
    /// from before the bounds can get here with a price that overflows.
    public static func times(_ amount: Int, _ count: Int) -> Int? {
        let (product, overflow) = amount.multipliedReportingOverflow(by: count)
        return overflow ? nil : product
    }

    /// `format`, or a dash for an amount that could not be computed (`times` gave nil).
    public static func format(_ amount: Int?) -> String {
        amount.map(format) ?? "—"
    }

    public static func format(_ amount: Int) -> String {
        grouped(amount) + "원"
    }

    /// The number with thousands separators and no unit, e.g. `1,234,567`.
    public static func grouped(_ amount: Int) -> String {
        let digits = String(amount.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return amount < 0 ? "-" + out : out
    }
}
