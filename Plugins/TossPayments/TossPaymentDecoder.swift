import Foundation
import PluginKit

/// Reads Toss's Payment object (TOSS_API.md §4.5) leniently: unknown fields are ignored, nulls are
/// fine, and Korean method names are kept as sent.
enum TossPaymentDecoder {
    static func record(from data: Data) -> PaymentRecord? {
        guard let payment = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let paymentKey = payment["paymentKey"] as? String, let orderId = payment["orderId"] as? String,
              let status = payment["status"] as? String else { return nil }
        let card = payment["card"] as? [String: Any]
        let easyPay = payment["easyPay"] as? [String: Any]
        let transfer = payment["transfer"] as? [String: Any]
        let failure = payment["failure"] as? [String: Any]
        var virtualAccount: PaymentRecord.VirtualAccount?
        if let account = payment["virtualAccount"] as? [String: Any], let number = account["accountNumber"] as? String {
            let bankCode = account["bankCode"] as? String ?? ""
            virtualAccount = .init(bankCode: bankCode, bankName: TossCodes.bankName(bankCode), accountNumber: number,
                                   customerName: account["customerName"] as? String, dueDate: account["dueDate"] as? String ?? "",
                                   expired: account["expired"] as? Bool ?? false)
        }
        return PaymentRecord(
            paymentKey: paymentKey, orderId: orderId, status: .init(toss: status), method: payment["method"] as? String,
            totalAmount: amount(payment["totalAmount"]), balanceAmount: amount(payment["balanceAmount"]),
            discount: amount(easyPay?["discountAmount"]), approvedAt: payment["approvedAt"] as? String,
            cardCompany: (card?["issuerCode"] as? String).map(TossCodes.cardCompany), cardNumber: card?["number"] as? String,
            easyPayProvider: easyPay?["provider"] as? String,
            transferBank: (transfer?["bankCode"] as? String).map(TossCodes.bankName),
            virtualAccount: virtualAccount, secret: payment["secret"] as? String,
            failureCode: failure?["code"] as? String, failureMessage: failure?["message"] as? String,
            rawJSON: String(decoding: data, as: UTF8.self))
    }

    /// An amount in won as Toss writes it (a JSON number, or digits). Anything else, and anything outside
    /// `0...maxAmount`, reads as 0: such a payment then matches no order's total, so it is never settled, and
    /// sums over amounts cannot overflow.
    static func amount(_ value: Any?) -> Int {
        let number: Int? = switch value {
        case let number as Int: number
        case let number as NSNumber: Int(exactly: number.doubleValue)
        case let text as String: Int(text)
        default: nil
        }
        guard let number, (0...maxAmount).contains(number) else { return 0 }
        return number
    }

    /// Far above any payment Toss takes (its card limit is in the tens of millions of won), far below overflow.
    static let maxAmount = 1_000_000_000_000_000
}

/// Toss's bank and card-issuer codes to the names a receipt shows (TOSS_API.md §4.5).
public enum TossCodes {
    static let banks = ["06": "KB국민", "20": "우리", "88": "신한", "81": "하나", "03": "IBK기업", "11": "NH농협",
                        "90": "카카오뱅크", "89": "케이뱅크", "92": "토스뱅크", "71": "우체국"]
    static let cards = ["11": "KB국민", "21": "하나", "31": "BC", "41": "신한", "51": "삼성", "61": "현대",
                        "71": "롯데", "91": "NH농협", "33": "우리", "W1": "우리", "4V": "VISA", "4M": "Mastercard"]
    public static func bankName(_ code: String) -> String { banks[code] ?? code }
    public static func cardCompany(_ code: String) -> String { cards[code] ?? code }
}
