/// Where an order's goods are (`order_delivery.status`), beside its payment status; DESIGN.md's fulfilment line.
///
/// The type owns its legal moves (`predecessors`): a repository move is a compare-and-set on exactly those
/// statuses, so an illegal move changes nothing wherever it is asked from, and two racing moves (the shopper's
/// cancel and the operator's ship) cannot both win.
///
/// ```
/// AWAITING_PAYMENT ─paid─▶ PREPARING ─ship─▶ SHIPPED ─deliver─▶ DELIVERED ─confirm─▶ CONFIRMED
///        └──────cancel──────┴─▶ CANCELING ─refunded─▶ CANCELED      └─return approved─┴─▶ RETURNED
///                               (refund refused: back to AWAITING_PAYMENT or PREPARING)
/// ```
public enum FulfilmentStatus: String, Sendable, CaseIterable, Codable {
    /// Placed; the payment is not complete (pending, or a virtual account waiting for its deposit).
    case awaitingPayment = "AWAITING_PAYMENT"
    /// 상품 준비중: paid, not yet handed to a carrier.
    case preparing = "PREPARING"
    /// The shopper's cancel has claimed the order and its refund is under way; nothing ships meanwhile.
    case canceling = "CANCELING"
    /// 배송중: with a carrier, under a tracking number.
    case shipped = "SHIPPED"
    /// 배송 완료.
    case delivered = "DELIVERED"
    /// 구매 확정: by the shopper, or by Housekeeping `shipping.autoConfirmDays` after delivery. Final.
    case confirmed = "CONFIRMED"
    /// Canceled before shipping (refunded, or never paid). Final.
    case canceled = "CANCELED"
    /// 반품 완료: a return was approved and refunded. Final.
    case returned = "RETURNED"

    /// The statuses an order may be in to enter this one.
    public var predecessors: Set<FulfilmentStatus> {
        switch self {
        case .awaitingPayment: [.canceling]
        case .preparing: [.awaitingPayment, .canceling]
        case .canceling: [.awaitingPayment, .preparing]
        case .shipped: [.preparing]
        case .delivered: [.shipped]
        case .confirmed: [.delivered]
        case .canceled: [.awaitingPayment, .preparing, .canceling]
        case .returned: [.shipped, .delivered]
        }
    }

    /// Whether an order in this status may move to `next`.
    public func canMove(to next: FulfilmentStatus) -> Bool { next.predecessors.contains(self) }

    /// The shopper may cancel (full refund, stock back) only before the goods leave.
    public var shopperMayCancel: Bool { self == .awaitingPayment || self == .preparing }

    /// Whether the goods have gone to a carrier: from here on a cancel gives back no stock (the units are with the
    /// carrier or the shopper; a return restocks what comes back).
    public var hasLeftTheShelf: Bool { self == .shipped || self == .delivered || self == .confirmed || self == .returned }

    /// A return may be asked while the goods are on their way or arrived, never after 구매 확정.
    public var shopperMayRequestReturn: Bool { self == .shipped || self == .delivered }

    /// The outbox topic written on entering this status, nil for the moves that have their payment event
    /// (order.paid, order.canceled) or none.
    public var eventTopic: String? {
        switch self {
        case .shipped: "order.shipped"
        case .delivered: "order.delivered"
        case .confirmed: "order.confirmed"
        case .returned: "order.returned"
        case .awaitingPayment, .preparing, .canceling, .canceled: nil
        }
    }

    /// The Korean label the shopper's and operator's pages print.
    public var label: String {
        switch self {
        case .awaitingPayment: "결제 대기"
        case .preparing: "상품 준비중"
        case .canceling: "취소 처리 중"
        case .shipped: "배송중"
        case .delivered: "배송 완료"
        case .confirmed: "구매 확정"
        case .canceled: "주문 취소"
        case .returned: "반품 완료"
        }
    }
}
