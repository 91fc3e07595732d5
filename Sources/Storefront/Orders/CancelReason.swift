/// Why a shopper cancels an order before it ships: the list 주문 취소's confirmation step offers. The label is sent
/// to the payment provider as the cancel reason (Toss's `cancelReason`), so the refund record says why.
public enum CancelReason: String, Sendable, CaseIterable {
    case changedMind = "CHANGED_MIND"
    case orderedWrong = "ORDERED_WRONG"
    case reorder = "REORDER"
    case slowShipping = "SLOW_SHIPPING"
    case other = "OTHER"

    /// The form field the confirmation step posts.
    public static let field = "cancel_reason"

    /// What the shopper reads in the list, and the provider in the refund.
    public var label: String {
        switch self {
        case .changedMind: "단순 변심"
        case .orderedWrong: "주문 실수 (옵션·수량 잘못 선택)"
        case .reorder: "다른 상품으로 다시 주문"
        case .slowShipping: "배송이 늦어짐"
        case .other: "기타"
        }
    }

    /// The reason a posted form names. A form without the field (a client from before the confirmation step)
    /// cancels as 구매자 요청, as it always did; a field left on 사유를 선택해 주세요 or holding anything else is
    /// refused with the message on the list.
    public static func posted(_ value: String?) throws(ShopError) -> String {
        guard let value else { return "구매자 요청" }
        guard let reason = CancelReason(rawValue: value) else { throw .validation([field: "취소 사유를 선택해 주세요."]) }
        return reason.label
    }
}
