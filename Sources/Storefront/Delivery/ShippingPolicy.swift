/// What delivering an order costs, from `ShippingSection`: the base fee unless the goods reach `freeOver`, plus
/// the 제주 or 도서산간 surcharge of the destination's postal code (`RemoteAreas`), which applies to free-shipping
/// orders too, as Korean shops charge it.
///
/// Guarantee: computed on the server from the stored goods amount and the posted postal code only; the result is
/// 0…2×`OrderLimits.maxUnitPrice` given a validated `ShippingSection`, so adding it cannot overflow.
public struct ShippingPolicy: Sendable, Equatable {
    public let fee: Int
    public let freeOver: Int
    public let jejuSurcharge: Int
    public let islandSurcharge: Int

    public init(_ section: ShippingSection = ShippingSection()) {
        fee = section.fee
        freeOver = section.freeOver
        jejuSurcharge = section.remoteAreaSurcharge.jeju
        islandSurcharge = section.remoteAreaSurcharge.island
    }

    /// The fee for goods worth `goodsPrice` sent to `postalCode` (nil before an address is known: no surcharge).
    public func quote(goodsPrice: Int, postalCode: String?) -> ShippingQuote {
        let base = goodsPrice >= freeOver ? 0 : fee
        let area = postalCode.map(RemoteAreas.kind(of:)) ?? .mainland
        let surcharge = switch area {
        case .mainland: 0
        case .jeju: jejuSurcharge
        case .island: islandSurcharge
        }
        return ShippingQuote(baseFee: base, surcharge: surcharge, area: area,
                             remainingForFree: base > 0 ? freeOver - goodsPrice : 0)
    }
}

/// One order's delivery charge, as the cart, checkout and receipt show it.
public struct ShippingQuote: Sendable, Equatable {
    /// 기본 배송비: 0 once the goods reach `freeOver`.
    public let baseFee: Int
    /// 제주 / 도서산간 추가 배송비, 0 elsewhere.
    public let surcharge: Int
    public let area: RemoteAreas.AreaKind
    /// How much more the goods must come to for free delivery; 0 when it is free already (or nothing is charged).
    public let remainingForFree: Int

    /// What the order pays for delivery.
    public var total: Int { baseFee + surcharge }

    /// "50,000원 이상 무료배송까지 12,000원", or nil when the base fee is waived already.
    public func freeShippingHint(freeOver: Int) -> String? {
        remainingForFree > 0 ? "\(Won.format(freeOver)) 이상 무료배송까지 \(Won.format(remainingForFree))" : nil
    }
}
