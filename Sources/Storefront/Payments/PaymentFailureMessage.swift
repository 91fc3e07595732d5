/// What a shopper reads when a payment did not go through, by Toss's error code (TOSS_API.md §3, §5)
/// or one of ours. Toss's own `message` is shown only as a fallback for codes not listed here.
public enum PaymentFailureMessage {
    /// Our code for a success redirect whose amount differs from the stored order total.
    public static let amountMismatchCode = "AMOUNT_MISMATCH"
    /// Our code for a success or fail redirect about an order that is not this shopper's or not pending.
    public static let invalidOrderCode = "INVALID_ORDER"
    /// The order expired (replaced by a newer checkout, or unpaid too long) before its payment came back.
    public static let expiredOrderCode = "EXPIRED_ORDER"

    public static func text(code: String, tossMessage: String?) -> String {
        switch code {
        case "PAY_PROCESS_CANCELED":
            return "결제를 취소했습니다. 장바구니는 그대로 있으니 언제든 다시 결제할 수 있습니다."
        case "PAY_PROCESS_ABORTED":
            return "결제가 중간에 중단되었습니다. 잠시 후 다시 시도해 주세요."
        case "REJECT_CARD_COMPANY", "INVALID_REJECT_CARD":
            return "카드사에서 결제를 거절했습니다. 다른 카드로 다시 시도해 주세요."
        case "REJECT_CARD_PAYMENT":
            return "한도 초과 또는 잔액 부족으로 결제가 거절되었습니다."
        case "REJECT_ACCOUNT_PAYMENT", "REJECT_TOSSPAY_INVALID_ACCOUNT":
            return "계좌에서 결제가 거절되었습니다. 잔액이나 계좌 상태를 확인해 주세요."
        case "NOT_FOUND_PAYMENT_SESSION", "EXPIRED_PAYMENT":
            return "결제 가능 시간이 지났습니다. 다시 결제해 주세요."
        case "EXCEED_MAX_DAILY_PAYMENT_COUNT", "EXCEED_MAX_PAYMENT_AMOUNT", "EXCEED_MAX_ONE_DAY_AMOUNT":
            return "결제 한도를 넘었습니다. 다른 결제 수단을 이용해 주세요."
        case "BELOW_MINIMUM_AMOUNT":
            return "결제 금액이 최소 결제 금액보다 작습니다."
        case amountMismatchCode:
            return "결제 금액이 주문 금액과 달라 결제를 진행하지 않았습니다. 다시 주문해 주세요."
        case invalidOrderCode:
            return "결제할 수 없는 주문입니다. 주문 내역을 확인해 주세요."
        case expiredOrderCode:
            return "새 주문으로 바뀌었거나 결제 기한이 지난 주문이라 결제하지 않았습니다. 장바구니에서 다시 주문해 주세요."
        case "PROVIDER_ERROR", "CARD_PROCESSING_ERROR", "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
             "FAILED_INTERNAL_SYSTEM_PROCESSING", "UNKNOWN_PAYMENT_ERROR":
            return "결제사에 일시적인 문제가 있어 결제하지 못했습니다. 잠시 후 다시 시도해 주세요."
        default:
            if let tossMessage, !tossMessage.isEmpty { return tossMessage }
            return "결제를 완료하지 못했습니다. 다시 시도해 주세요."
        }
    }
}
