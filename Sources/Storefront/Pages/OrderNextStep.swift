import Foundation

/// What the shopper does next, or waits for, on an order's pages: one sentence under the status, as Korean shops
/// put it ("12월 3일 14:00까지 15,900원을 입금해 주세요."). It is worded from the order's status, its payment and its
/// delivery, which the status words alone (`OrderStatus.label`) do not say: by when, how much, what comes next.
struct OrderNextStep: Sendable, Equatable {
    /// The sentence.
    let text: String
    /// A deadline or a state that needs the shopper (입금 대기), shown more prominently than a state that only waits.
    let needsShopper: Bool

    /// The step for `order`; nil for a state that says all there is (none today, kept for states to come).
    static func of(_ order: Order, payment: StoredPayment?, delivery: FulfilmentStatus?, now: Date = Date()) -> OrderNextStep? {
        switch order.status {
        case .pending:
            return OrderNextStep(text: "결제가 끝나지 않은 주문입니다. 상품을 사시려면 다시 주문해 주세요.", needsShopper: false)
        case .confirming:
            return OrderNextStep(text: "결제를 확인하고 있어요. 잠시 뒤 이 페이지를 새로 고쳐 주세요.", needsShopper: false)
        case .waitingForDeposit:
            let amount = Won.format(payment?.totalAmount ?? order.totalPrice)
            guard let due = payment?.virtualAccountDueDate.flatMap(ProviderTimestamp.parse) else {
                return OrderNextStep(text: "\(amount)을 입금해 주세요. 입금이 확인되면 상품을 준비합니다.", needsShopper: true)
            }
            return OrderNextStep(text: "\(PageContext.dayAndTimeText(due, now: now))까지 \(amount)을 입금해 주세요. 기한이 지나면 주문이 취소됩니다.",
                                 needsShopper: true)
        case .paid:
            switch delivery {
            case .shipped?:
                return OrderNextStep(text: "상품이 배송 중이에요. 송장번호를 누르면 택배사에서 위치를 볼 수 있어요.", needsShopper: false)
            case .delivered?:
                return OrderNextStep(text: "상품을 받으셨다면 구매 확정을 눌러 주세요. 반품은 구매 확정 전까지 요청할 수 있어요.", needsShopper: true)
            case .confirmed?:
                return OrderNextStep(text: "구매 확정된 주문입니다. 상품이 어떠셨는지 리뷰를 남겨 주세요.", needsShopper: false)
            case .returned?:
                return OrderNextStep(text: "반품이 끝난 주문입니다. 환불 금액은 아래 결제 정보에서 볼 수 있어요.", needsShopper: false)
            case .canceling?:
                return OrderNextStep(text: "취소를 처리하고 있어요. 잠시 뒤 이 페이지를 새로 고쳐 주세요.", needsShopper: false)
            case .awaitingPayment?, .preparing?, .canceled?, nil:
                return OrderNextStep(text: "상품을 준비하고 있어요. 보내면 송장번호를 알려 드려요. 그 전까지는 주문을 취소할 수 있어요.",
                                     needsShopper: false)
            }
        case .canceled:
            let when = PageContext.dayAndTimeText(order.updatedAt, now: now)
            guard let payment, payment.refundedAmount > 0 else {
                return OrderNextStep(text: "\(when)에 취소한 주문입니다. 입금 전이라 환불할 금액은 없어요.", needsShopper: false)
            }
            return OrderNextStep(text: "\(when)에 취소한 주문입니다. \(Won.format(payment.refundedAmount))은 결제 수단에 따라 영업일 기준 3–5일 안에 돌아가요.",
                                 needsShopper: false)
        case .failed:
            return OrderNextStep(text: "결제가 되지 않은 주문입니다. 상품을 사시려면 다시 주문해 주세요.", needsShopper: false)
        case .expired:
            return OrderNextStep(text: "입금 기한이 지나 취소된 주문입니다. 필요하시면 다시 주문해 주세요.", needsShopper: false)
        }
    }
}
