import Database
import Foundation

/// `bank_deposit_claim`: which order a bank statement's deposit paid.
///
/// Guarantees: `claim` is one statement that inserts or does nothing, so of two operators claiming one deposit
/// for two orders at once exactly one gets it, and both are answered with the order that holds it.
struct DepositClaimRepository {
    /// Claims the deposit for `orderId` unless another order holds it; answers the order that holds it now.
    func claim(_ db: any DatabaseConnection, depositor: String, amount: Int, transactedAt: String, orderId: String,
               now: Date = Date()) throws(DatabaseError) -> String? {
        _ = try db.execute("""
            INSERT INTO bank_deposit_claim (depositor, amount, transacted_at, order_id, claimed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (depositor, amount, transacted_at) DO NOTHING
            """, [depositor, amount, transactedAt, orderId, now.unixSeconds])
        return try db.queryOne("""
            SELECT order_id FROM bank_deposit_claim WHERE depositor = ? AND amount = ? AND transacted_at = ?
            """, [depositor, amount, transactedAt]) { row throws(DatabaseError) in try row.string("order_id") }
    }

    /// Gives the deposit back when `orderId`'s attempt came to nothing (the order was canceled or expired meanwhile),
    /// so the operator may match it to another order.
    func release(_ db: any DatabaseConnection, depositor: String, amount: Int, transactedAt: String, orderId: String) throws(DatabaseError) {
        _ = try db.execute("""
            DELETE FROM bank_deposit_claim WHERE depositor = ? AND amount = ? AND transacted_at = ? AND order_id = ?
            """, [depositor, amount, transactedAt, orderId])
    }
}
