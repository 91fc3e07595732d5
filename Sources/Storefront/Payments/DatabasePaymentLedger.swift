import Database
import PluginKit

/// The shop's `PaymentLedger`: providers' records in `payment_ledger`, each call its own transaction. A database
/// that does not answer is an unknown outcome for the provider (the order flow then reconciles later).
public struct DatabasePaymentLedger: PaymentLedger {
    let database: any DatabaseWriter
    let repository = PaymentLedgerRepository()

    public init(database: any DatabaseWriter) { self.database = database }

    public func value(_ key: String) async throws(PaymentError) -> String? {
        do {
            return try await database.read { [repository] db in try repository.value(db, key: key) }
        } catch {
            throw PaymentError(.unknownOutcome, code: "LEDGER_UNAVAILABLE", message: "the payment ledger could not be read")
        }
    }

    public func store(_ key: String, _ value: String, replacing expected: String?) async throws(PaymentError) -> Bool {
        do {
            return try await database.write { [repository] db in try repository.store(db, key: key, value: value, replacing: expected) }
        } catch {
            throw PaymentError(.unknownOutcome, code: "LEDGER_UNAVAILABLE", message: "the payment ledger could not be written")
        }
    }
}
