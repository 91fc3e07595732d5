import Foundation
import Mustache

/// The failure page's words (`pages/payment-failed`'s `failure`), spoken to a person: the shopper's own cancel in
/// the payment window is no error ("결제를 취소했어요", no alarm icon); a refusal says why in one sentence and what to
/// try in the next. The code is kept for support in a collapsed detail, never in the reading line.
enum PaymentFailureView {
    /// Toss's code for a payment the shopper closed or canceled in its window (TOSS_API.md §3).
    static let shopperCanceledCode = "PAY_PROCESS_CANCELED"

    static func heading(code: String) -> String {
        code == shopperCanceledCode ? "결제를 취소했어요" : "결제하지 못했어요"
    }

    static func values(code: String, message: String, orderId: String?) -> MustacheValue {
        let (reason, advice) = split(message)
        var failure: [String: MustacheValue] = [
            "heading": .string(heading(code: code)),
            "canceledByShopper": .bool(code == shopperCanceledCode),
            "code": .string(code),
            "reason": .string(reason),
        ]
        if let advice { failure["advice"] = .string(advice) }
        if let orderId { failure["orderId"] = .string(orderId) }
        return .object(failure)
    }

    /// The messages of `PaymentErrorTable` and `PaymentFailureMessage` are a reason, then what to try
    /// ("…거절되었습니다. 다른 카드로 다시 결제해 주세요."): the first sentence, and the rest when there is any.
    static func split(_ message: String) -> (reason: String, advice: String?) {
        guard let end = message.range(of: ". ") else { return (message, nil) }
        let advice = message[end.upperBound...].trimmingCharacters(in: .whitespaces)
        return (String(message[..<end.lowerBound]) + ".", advice.isEmpty ? nil : advice)
    }
}
