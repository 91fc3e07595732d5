import Foundation
import PluginKit

/// The first answer to an idempotency key, kept in the ledger: the payment as it stood, or the refusal.
struct BankTransferOutcome: Codable {
    var payment: BankTransferPayment?
    var errorKind: String?
    var code: String?
    var message: String?

    /// Kept masked: a replay answers the record (whose raw JSON is masked anyway), never the account in full.
    init(payment: BankTransferPayment) { self.payment = payment.masked }

    init(error: PaymentError) {
        errorKind = "\(error.kind)"
        code = error.code
        message = error.message
    }

    func answer(_ account: BankTransferOptions) throws(PaymentError) -> PaymentRecord {
        if let payment { return payment.record(account) }
        let kinds: [PaymentError.Kind] = [.rejected, .alreadyProcessed, .alreadyCanceled, .notFound, .misconfigured]
        throw PaymentError(kinds.first { "\($0)" == errorKind } ?? .rejected, code: code ?? "UNKNOWN", message: message ?? "")
    }

    func encoded() -> String { (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}" }

    static func decoded(_ text: String) -> BankTransferOutcome? { try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) }
}
