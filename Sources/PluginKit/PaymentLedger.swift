import Synchronization

/// Durable records for a provider that has no server of its own (무통장입금 keeps its payments here): the shop
/// stores them in its database, one text value per key. Keys are the provider's own, prefixed with its name.
///
/// Contract: `store` is a compare-and-set. With `replacing: nil` it writes only a key that holds nothing; otherwise
/// only a key that holds exactly `replacing`. It answers whether it wrote, so two writers racing on one key (two
/// instances confirming one order) see exactly one succeed and the other can read what won.
public protocol PaymentLedger: Sendable {
    func value(_ key: String) async throws(PaymentError) -> String?
    func store(_ key: String, _ value: String, replacing expected: String?) async throws(PaymentError) -> Bool
}

/// A ledger in memory, for tests and for listing plugins; lost when the process ends.
public final class MemoryPaymentLedger: PaymentLedger {
    private let values = Mutex<[String: String]>([:])

    public init() {}

    public func value(_ key: String) async throws(PaymentError) -> String? { values.withLock { $0[key] } }

    public func store(_ key: String, _ value: String, replacing expected: String?) async throws(PaymentError) -> Bool {
        values.withLock { values in
            guard values[key] == expected else { return false }
            values[key] = value
            return true
        }
    }
}

/// The ledger providers are built with before the shop's database is open (plugins are built first, so a bad
/// option stops `serve` before anything starts); the shop attaches its database ledger once it is. A call before
/// that is an unknown outcome, never a guess.
public final class PaymentLedgerSlot: PaymentLedger {
    private let target = Mutex<(any PaymentLedger)?>(nil)

    public init() {}

    public func attach(_ ledger: any PaymentLedger) { target.withLock { $0 = ledger } }

    private func current() throws(PaymentError) -> any PaymentLedger {
        guard let ledger = target.withLock({ $0 }) else {
            throw PaymentError(.unknownOutcome, code: "LEDGER_UNAVAILABLE", message: "the payment ledger is not attached yet")
        }
        return ledger
    }

    public func value(_ key: String) async throws(PaymentError) -> String? { try await current().value(key) }

    public func store(_ key: String, _ value: String, replacing expected: String?) async throws(PaymentError) -> Bool {
        try await current().store(key, value, replacing: expected)
    }
}
