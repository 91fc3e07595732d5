/// Formats integer KRW amounts the way Korean shops print them: `12,900원`, `-3,000원`.
/// Money is always an `Int` of won; there are no fractional won.
public enum Won {
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
