/// Where a 반품 요청 stands (`order_return.status`). REQUESTED moves once, to APPROVED or REJECTED.
public enum ReturnStatus: String, Sendable, CaseIterable, Codable {
    case requested = "REQUESTED"
    case approved = "APPROVED"
    case rejected = "REJECTED"

    public var label: String {
        switch self {
        case .requested: "반품 요청"
        case .approved: "반품 승인"
        case .rejected: "반품 거절"
        }
    }
}

/// Why the shopper returns goods. The shopper's own reasons cost the configured return fee
/// (`shipping.returnFee`); the shop's (damaged, wrong item) do not.
public enum ReturnReason: String, Sendable, CaseIterable {
    case changedMind = "CHANGED_MIND"
    case orderedWrong = "ORDERED_WRONG"
    case damaged = "DAMAGED"
    case wrongItem = "WRONG_ITEM"
    case late = "LATE"
    case other = "OTHER"

    public var label: String {
        switch self {
        case .changedMind: "단순 변심"
        case .orderedWrong: "주문 실수 (옵션·수량 잘못 선택)"
        case .damaged: "상품 파손·불량"
        case .wrongItem: "다른 상품이 배송됨"
        case .late: "배송 지연"
        case .other: "기타"
        }
    }

    /// Whether the shopper bears the return's shipping (반품 배송비 deducted from the refund).
    public var isShoppers: Bool { self == .changedMind || self == .orderedWrong || self == .other }
}
