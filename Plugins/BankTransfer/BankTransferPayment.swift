import Foundation
import PluginKit

/// One 무통장입금 payment as the ledger keeps it (JSON): what was asked, what arrived, what was refunded.
struct BankTransferPayment: Codable, Equatable, Sendable {
    /// A refund the operator pays by transfer: the amount and where to. The number is kept in full only until the
    /// transfer is recorded (the operator needs it to send the money), then dropped; it never leaves in `rawJSON`.
    struct Refund: Codable, Equatable, Sendable {
        var amount: Int
        var bankCode: String?
        var maskedAccount: String?
        var reason: String
        var accountNumber: String?
        var holderName: String?
        var transferredAt: String?
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

    /// The record the shop stores and shows. The shop's account goes in `virtualAccount`, so the receipt shows
    /// the same bank slip as a provider's virtual account (입금하실 금액, the number with 복사, the deadline), with
    /// the shop's own holder as 예금주; the lines add what only this method knows: how a deposit is matched, when it
    /// was confirmed and under which name, and the refunds the shop owes or has sent.
    func record(_ account: BankTransferOptions) -> PaymentRecord {
        let status = PaymentRecord.Status(name: status)
        var lines: [PaymentRecord.ReceiptLine] = []
        if let depositedAt, let depositor {
            lines.append(.init("입금 확인", "\(Self.dateText(depositedAt)) · 입금자 \(depositor)"))
        } else if status == .waitingForDeposit {
            // The operator matches deposits by amount and 입금자명: another name leaves the row for a person.
            lines.append(.init("입금 안내", "주문자 이름으로 정확한 금액을 보내 주세요. 이름이 다르면 확인이 늦어질 수 있습니다."))
        }
        if !refunds.isEmpty {
            let owed = refunds.filter { $0.transferredAt == nil }.reduce(0) { $0 + $1.amount }
            lines.append(.init("환불", owed == 0 ? "\(Self.won(refunded)) — 알려 주신 계좌로 이체했습니다."
                                                 : "\(Self.won(refunded)) — 알려 주신 계좌로 상점이 직접 이체합니다."))
        }
        let raw = masked.encoded()
        return PaymentRecord(
            paymentKey: paymentKey, orderId: orderId, status: status, method: "무통장입금", totalAmount: amount,
            balanceAmount: balance, refundedAmount: refunded,
            approvedAt: depositedAt,
            virtualAccount: .init(bankCode: "", bankName: account.bank, accountNumber: account.accountNumber,
                                  customerName: nil, holderName: account.holder, dueDate: dueDate, expired: false),
            receiptLines: lines, rawJSON: raw)
    }

    /// `12,900원`.
    static func won(_ amount: Int) -> String {
        let digits = Array(String(amount))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text + "원"
    }

    /// `2026-12-05T14:30:00+09:00` as `2026-12-05 14:30` (the shop's time zone is in the text already).
    static func dateText(_ iso: String) -> String {
        String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// This payment with every refund account reduced to its masked form: what may be stored and shown.
    var masked: BankTransferPayment {
        var copy = self
        for index in copy.refunds.indices {
            copy.refunds[index].accountNumber = nil
            copy.refunds[index].holderName = copy.refunds[index].holderName.map { _ in "***" }
        }
        return copy
    }

    func encoded() -> String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decoded(_ text: String) -> BankTransferPayment? {
        try? JSONDecoder().decode(BankTransferPayment.self, from: Data(text.utf8))
    }
}
