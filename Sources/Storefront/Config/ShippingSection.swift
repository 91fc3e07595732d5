/// Delivery settings (`shipping` in storefront.json): the fee, the order amount from which delivery is free,
/// the surcharges for 제주 and 도서산간 (postal-code ranges in `RemoteAreas`), the return fee a shopper's own
/// reason costs, and how many days after delivery an order confirms itself (구매 확정).
///
/// Guarantee: once `validate` passed, every amount is 0…`OrderLimits.maxUnitPrice` and the days are 1…90, so a
/// fee added to an order total within `OrderLimits` cannot overflow.
public struct ShippingSection: Decodable, Sendable, Equatable {
    /// 기본 배송비, integer KRW.
    public var fee = 3_000
    /// Orders whose goods come to at least this amount ship free (the surcharges still apply).
    public var freeOver = 50_000
    public var remoteAreaSurcharge = RemoteAreaSurcharge()
    /// 반품 배송비 deducted from a return's refund when the reason is the shopper's (단순 변심 …).
    public var returnFee = 3_000
    /// Days after 배송 완료 at which Housekeeping confirms an order the shopper has not confirmed.
    public var autoConfirmDays = 7

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case fee, freeOver, remoteAreaSurcharge, returnFee, autoConfirmDays }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fee = try c.value(.fee, default: fee)
        freeOver = try c.value(.freeOver, default: freeOver)
        remoteAreaSurcharge = try c.value(.remoteAreaSurcharge, default: remoteAreaSurcharge)
        returnFee = try c.value(.returnFee, default: returnFee)
        autoConfirmDays = try c.value(.autoConfirmDays, default: autoConfirmDays)
    }

    /// The 추가 배송비 per kind of area, integer KRW.
    public struct RemoteAreaSurcharge: Decodable, Sendable, Equatable {
        /// 제주 (mainland Jeju).
        public var jeju = 3_000
        /// 도서산간 (islands reached by boat, 울릉도, 추자도, 우도 …).
        public var island = 5_000

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable { case jeju, island }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            jeju = try c.value(.jeju, default: jeju)
            island = try c.value(.island, default: island)
        }
    }

    /// Refuses amounts and days outside their ranges, naming the key (`shipping.remoteAreaSurcharge.jeju` …).
    func validate(fail: (String, String) -> ConfigError) throws(ConfigError) {
        let amounts: [(String, Int)] = [
            ("shipping.fee", fee), ("shipping.freeOver", freeOver), ("shipping.returnFee", returnFee),
            ("shipping.remoteAreaSurcharge.jeju", remoteAreaSurcharge.jeju),
            ("shipping.remoteAreaSurcharge.island", remoteAreaSurcharge.island),
        ]
        for (key, amount) in amounts where !(0...OrderLimits.maxUnitPrice).contains(amount) {
            throw fail(key, "expected 0…\(OrderLimits.maxUnitPrice) (won), got \(amount)")
        }
        guard (1...90).contains(autoConfirmDays) else {
            throw fail("shipping.autoConfirmDays", "expected 1…90 (days), got \(autoConfirmDays)")
        }
    }
}
