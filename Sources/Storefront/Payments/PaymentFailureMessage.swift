/// What a shopper reads when a payment did not go through: for a code Toss answers a confirm with, its row
/// in `PaymentErrorTable`; for the codes the fail redirect and a failed payment's `failure` carry (TOSS_API.md
/// §3, §4.2) and for our own, the messages here. Toss's own `message` is shown only for a code neither knows.
public enum PaymentFailureMessage {
    /// Our code for a success redirect whose amount differs from the stored order total.
    public static let amountMismatchCode = "AMOUNT_MISMATCH"
    /// Our code for a success or fail redirect about an order that is not this shopper's or not pending.
    public static let invalidOrderCode = "INVALID_ORDER"
    /// The order expired (replaced by a newer checkout, or unpaid too long) before its payment came back.
    public static let expiredOrderCode = "EXPIRED_ORDER"

    /// Codes that are not a confirm's error: the fail redirect's, a failed payment's `failure.code`, ours.
    static let outsideConfirm: [String: String] = [
        "PAY_PROCESS_CANCELED": "결제 창에서 결제를 취소해 결제된 금액은 없습니다.",
        "PAY_PROCESS_ABORTED": "결제가 중간에 중단되었습니다. 잠시 후 다시 시도해 주세요.",
        "EXPIRED_PAYMENT": "결제 가능 시간이 지났습니다. 다시 결제해 주세요.",
        amountMismatchCode: "결제 금액이 주문 금액과 달라 결제를 진행하지 않았습니다. 다시 주문해 주세요.",
        invalidOrderCode: "결제할 수 없는 주문입니다. 주문 내역을 확인해 주세요.",
        expiredOrderCode: "새 주문으로 바뀌었거나 결제 기한이 지난 주문이라 결제하지 않았습니다. 장바구니에서 다시 주문해 주세요.",
    ]

    public static func text(code: String, tossMessage: String?) -> String {
        if let text = outsideConfirm[code] ?? PaymentErrorTable.row(.confirm, code: code)?.message { return text }
        if let tossMessage, !tossMessage.isEmpty { return tossMessage }
        return PaymentErrorTable.message(.confirm, code: code)
    }
}
