import Foundation
import PluginKit

/// One 무통장입금 payment as the ledger keeps it (JSON): what was asked, what arrived, what was refunded.
struct BankTransferPayment: Codable, Equatable, Sendable {
    /// A refund the operator pays by transfer: the amount and where to, the number masked.
    struct Refund: Codable, Equatable, Sendable {
        var amount: Int
        var bankCode: String?
        var maskedAccount: String?
        var reason: String
    }

    var paymentKey: String
    var orderId: String
    var amount: Int
    /// What can still be refunded (or voided, before the deposit).
    var balance: Int
    /// `PaymentRecord.Status.name`.
    var status: String
    var dueDate: String
    var depositor: String?
    var depositedAt: String?
    var refunds: [Refund] = []

    var refunded: Int { refunds.reduce(0) { $0 + $1.amount } }

    func record(_ account: BankTransferOptions) -> PaymentRecord {
        let status = PaymentRecord.Status(name: status)
        var lines = [PaymentRecord.ReceiptLine("입금 계좌", "\(account.bank) \(account.accountNumber) (\(account.holder))"),
                     PaymentRecord.ReceiptLine("입금 기한", dueDate)]
        if let depositor { lines.append(.init("입금자명", depositor)) }
        if !refunds.isEmpty { lines.append(.init("환불", "운영자가 계좌로 이체합니다 (\(refunded)원)")) }
        let raw = (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return PaymentRecord(
            paymentKey: paymentKey, orderId: orderId, status: status, method: "무통장입금", totalAmount: amount,
            balanceAmount: balance, refundedAmount: refunded,
            approvedAt: depositedAt,
            virtualAccount: .init(bankCode: "", bankName: account.bank, accountNumber: account.accountNumber,
                                  customerName: account.holder, dueDate: dueDate, expired: false),
            receiptLines: lines, rawJSON: raw)
    }

    func encoded() -> String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decoded(_ text: String) -> BankTransferPayment? {
        try? JSONDecoder().decode(BankTransferPayment.self, from: Data(text.utf8))
    }
}
