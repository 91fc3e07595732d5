import Database
import Foundation

/// `payment_ledger`: the text values payment providers without a server keep (`PaymentLedger`), by key.
///
/// Guarantees: `store` is a compare-and-set in one statement (an insert that does nothing when the key exists,
/// or an update guarded by the value expected), so of two writers racing on one key exactly one writes.
struct PaymentLedgerRepository {
    func value(_ db: any DatabaseConnection, key: String) throws(DatabaseError) -> String? {
        try db.queryOne("SELECT value FROM payment_ledger WHERE ledger_key = ?", [key]) { row throws(DatabaseError) in
            try row.string("value")
        }
    }

    /// Writes `value` when the key holds nothing (`expected` nil) or holds exactly `expected`; answers whether it wrote.
    func store(_ db: any DatabaseConnection, key: String, value: String, replacing expected: String?, now: Date = Date()) throws(DatabaseError) -> Bool {
        let stamp = Int64(now.timeIntervalSince1970)
        guard let expected else {
            return try db.execute("""
                INSERT INTO payment_ledger (ledger_key, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (ledger_key) DO NOTHING
                """, [key, value, stamp]) == 1
        }
        return try db.execute("UPDATE payment_ledger SET value = ?, updated_at = ? WHERE ledger_key = ? AND value = ?",
                              [value, stamp, key, expected]) == 1
    }
}
