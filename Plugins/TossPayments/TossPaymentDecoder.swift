import Foundation
import PluginKit

/// Reads Toss's Payment object (TOSS_API.md §4.5) leniently: unknown fields are ignored, nulls are
/// fine, and Korean method names are kept as sent. Every API version's shape decodes to the same record:
/// 2022-11-16 sends `card.issuerCode`, `virtualAccount.bankCode`, `transfer.bankCode` and an `easyPay` object;
/// older versions sent `card.company`, `virtualAccount.bank`, `transfer.bank` (Korean codes) and, before
/// 2022-06-08, `easyPay` as the provider's name. A webhook is written in the version set in Toss's developer
/// centre whatever version our requests ask for, so both shapes must read the same.
enum TossPaymentDecoder {
    static func record(from data: Data) -> PaymentRecord? {
        guard let payment = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let paymentKey = payment["paymentKey"] as? String, let orderId = payment["orderId"] as? String,
              let status = payment["status"] as? String else { return nil }
        let card = payment["card"] as? [String: Any]
        let easyPay = payment["easyPay"] as? [String: Any]
        let transfer = payment["transfer"] as? [String: Any]
        let failure = payment["failure"] as? [String: Any]
        // A cancel still in flight (cancelStatus other than DONE) has returned nothing yet.
        let cancels = (payment["cancels"] as? [[String: Any]] ?? []).filter { ($0["cancelStatus"] as? String ?? "DONE") == "DONE" }
        let refunded = sum(cancels.map { amount($0["cancelAmount"]) })
        var virtualAccount: PaymentRecord.VirtualAccount?
        if let account = payment["virtualAccount"] as? [String: Any], let number = account["accountNumber"] as? String {
            let bank = institution(account, "bankCode", or: "bank").map { TossCodes.bank($0)?.code ?? $0 } ?? ""
            virtualAccount = .init(bankCode: bank, bankName: TossCodes.bankName(bank), accountNumber: number,
                                   customerName: account["customerName"] as? String, dueDate: account["dueDate"] as? String ?? "",
                                   expired: account["expired"] as? Bool ?? false)
        }
        let means = Means(
            card: card.flatMap { institution($0, "issuerCode", or: "company") }.map(TossCodes.cardCompany),
            cardNumber: card?["number"] as? String,
            // Before 2022-06-08 the provider was `card.provider` on card-funded easy payments (release note 2022-06-08).
            easyPay: easyPay?["provider"] as? String ?? payment["easyPay"] as? String ?? card?["provider"] as? String,
            transferBank: transfer.flatMap { institution($0, "bankCode", or: "bank") }.map(TossCodes.bankName))
        let recordStatus = PaymentRecord.Status(toss: status)
        return PaymentRecord(
            paymentKey: paymentKey, orderId: orderId, status: recordStatus, method: payment["method"] as? String,
            totalAmount: amount(payment["totalAmount"]), balanceAmount: amount(payment["balanceAmount"]),
            discount: amount(easyPay?["discountAmount"]), refundedAmount: refunded,
            pointsRefunded: min(refunded, sum(cancels.map { amount($0["easyPayDiscountAmount"]) })), approvedAt: payment["approvedAt"] as? String,
            paidFrom: means.paidFrom, virtualAccount: virtualAccount, secret: payment["secret"] as? String,
            failureCode: failure?["code"] as? String, failureMessage: failure?["message"] as? String,
            receiptLines: means.lines + (virtualAccount != nil && recordStatus == .waitingForDeposit ? [depositNote] : []),
            rawJSON: masked(String(decoding: data, as: UTF8.self), refundAccount: payment["virtualAccount"] as? [String: Any]))
    }

    /// How a payment was made, as the receipt words it: the wallet, the card and its masked number, the bank a
    /// transfer came from. A card-funded 토스페이 payment names both, the wallet first.
    struct Means {
        var card: String?
        /// Toss's masked number, e.g. `12345678****000*`: nothing more is ever sent or kept.
        var cardNumber: String?
        var easyPay: String?
        var transferBank: String?

        var cardText: String? {
            card.map { "\($0) \(cardNumber ?? "")".trimmingCharacters(in: .whitespaces) }
        }

        var lines: [PaymentRecord.ReceiptLine] {
            [easyPay.map { .init("간편결제", $0) }, cardText.map { .init("카드", $0) }, transferBank.map { .init("출금 은행", $0) }]
                .compactMap { $0 }
        }

        /// The card when there is one (a wallet's refund returns to the card that funded it), else the wallet, else
        /// the account a transfer came from.
        var paidFrom: String? { cardText ?? easyPay ?? transferBank.map { "\($0) 출금 계좌" } }
    }

    /// Toss matches a virtual account's deposit by its amount alone, so the shopper need not worry about the name.
    static let depositNote = PaymentRecord.ReceiptLine("입금 안내", "입금자명이 달라도 금액이 맞으면 입금이 확인됩니다.")

    /// `json` with the refund account's number (`virtualAccount.refundReceiveAccount.accountNumber`, which Toss
    /// echoes after a refund and in every later lookup or webhook) masked wherever it appears, so the shop, which
    /// keeps the raw JSON, never stores it in full.
    static func masked(_ json: String, refundAccount virtualAccount: [String: Any]?) -> String {
        guard let account = virtualAccount?["refundReceiveAccount"] as? [String: Any],
              let number = account["accountNumber"] as? String, number.count > 1 else { return json }
        let masked = RefundDestination.masked(number)
        return masked == number ? json : json.replacingOccurrences(of: number, with: masked)
    }

    /// The institution code under the 2022-11-16 field, else under the field older versions used.
    static func institution(_ object: [String: Any], _ current: String, or older: String) -> String? {
        object[current] as? String ?? object[older] as? String
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

    /// The sum of amounts read by `amount`, or `maxAmount` should a body list enough of them to pass it.
    static func sum(_ amounts: [Int]) -> Int {
        amounts.reduce(0) { total, next in min(total + next, maxAmount) }
    }

    /// Far above any payment Toss takes (its card limit is in the tens of millions of won), far below overflow.
    static let maxAmount = 1_000_000_000_000_000
}

/// Toss's bank and card-company codes (the tables in TossCodeTables.swift) to the names a receipt shows.
/// A code is found by any spelling Toss has used for it — the numeric code, or the Korean or English code of
/// API versions before 2022-11-16 — and an unknown code is shown as sent rather than dropped.
public enum TossCodes {
    /// The bank or securities firm Toss means by `code` in any version's spelling; nil when the table has none.
    public static func bank(_ code: String) -> TossInstitution? { banksBySpelling[code] }
    /// The card company Toss means by `code` (an issuer or acquirer code, or an older version's `company`).
    public static func card(_ code: String) -> TossInstitution? { cardsBySpelling[code] }

    public static func bankName(_ code: String) -> String { bank(code)?.name ?? code }
    public static func cardCompany(_ code: String) -> String { card(code)?.name ?? code }

    static let banksBySpelling = index(bankTable)
    static let cardsBySpelling = index(cardTable)

    /// Each spelling to its row. Numeric codes are indexed before any older spelling, so no Korean or English
    /// code can shadow one; where two rows share a spelling (우리카드 and 우리BC were both "우리"), the first wins.
    static func index(_ rows: [TossInstitution]) -> [String: TossInstitution] {
        var index: [String: TossInstitution] = [:]
        let spellings: [(TossInstitution) -> String?] = [\.code, \.korean, \.english]
        for spelling in spellings {
            for row in rows {
                if let key = spelling(row), index[key] == nil { index[key] = row }
            }
        }
        return index
    }
}
