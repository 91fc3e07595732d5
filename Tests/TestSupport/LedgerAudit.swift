import Database

/// After the load: does every record still add up? Each check is a sentence that must hold, and a count
/// of the rows or products that break it (0 when it holds).
public struct LedgerAudit: Sendable {
    public let live: LiveShop
    /// Each product's stock before the load.
    public let initialStock: [Int: Int]
    public let tally: ShopperTally

    public struct Finding: Sendable {
        public let rule: String
        public let violations: Int
    }

    public init(live: LiveShop, initialStock: [Int: Int], tally: ShopperTally) {
        self.live = live
        self.initialStock = initialStock
        self.tally = tally
    }

    public func run() async throws -> [Finding] {
        let initial = initialStock
        // Deposits reach the shop by webhook after the shoppers are done; settle first, then count.
        let unsettled = try await eventually(
            "SELECT COUNT(*) FROM web_payment WHERE payment_status IN ('PENDING', 'CONFIRMING', 'WAITING_FOR_DEPOSIT')")
        var findings = [Finding(rule: "no order is left pending, confirming or waiting for a deposit made", violations: unsettled)]
        findings += try await live.database.read { db throws(DatabaseError) in
            // Units held by orders that did not give their stock back (pending, paid, waiting for deposit).
            let held = try db.query("""
                SELECT i.product_id, SUM(i.quantity) FROM web_payment_item i JOIN web_payment w USING (web_payment_id)
                WHERE w.payment_status NOT IN ('FAILED', 'CANCELED', 'EXPIRED') GROUP BY i.product_id
                """) { row throws(DatabaseError) in (try row.int(0), try row.int(1)) }
            let heldByProduct = Dictionary(held, uniquingKeysWith: +)
            let stock = try db.query("SELECT product_id, quantity FROM product") { row throws(DatabaseError) in (try row.int(0), try row.int(1)) }
            let unbalanced = stock.filter { id, quantity in quantity + (heldByProduct[id] ?? 0) != initial[id] }.count
            func count(_ sql: String) throws(DatabaseError) -> Int { try db.queryOne(sql) { row throws(DatabaseError) in try row.int(0) } ?? -1 }
            return [
                Finding(rule: "stock left + units in live orders = stock before, for every product", violations: unbalanced),
                Finding(rule: "every paid order has exactly one DONE toss_payment for its stored total", violations: try count("""
                    SELECT COUNT(*) FROM web_payment w WHERE w.payment_status = 'PAID' AND (SELECT COUNT(*) FROM toss_payment t
                    WHERE t.order_id = w.order_id AND t.status = 'DONE' AND t.total_price = w.total_price) != 1
                    """)),
                Finding(rule: "no toss_payment row without a paid or refunded order", violations: try count("""
                    SELECT COUNT(*) FROM toss_payment t JOIN web_payment w USING (order_id) WHERE w.payment_status NOT IN ('PAID', 'CANCELED')
                    """)),
                Finding(rule: "every refunded order has exactly one toss_payment, CANCELED with nothing left to refund", violations: try count("""
                    SELECT COUNT(*) FROM web_payment w WHERE w.payment_status = 'CANCELED' AND (SELECT COUNT(*) FROM toss_payment t
                    WHERE t.order_id = w.order_id AND t.status = 'CANCELED' AND t.balance_amount = 0) != 1
                    """)),
            ]
        }
        let paidOrders = try await count("SELECT COUNT(*) FROM web_payment WHERE payment_status = 'PAID'")
        let refundedOrders = try await count("SELECT COUNT(*) FROM web_payment WHERE payment_status = 'CANCELED'")
        let failedOrders = try await count("SELECT COUNT(*) FROM web_payment WHERE payment_status = 'FAILED'")
        findings.append(Finding(rule: "paid orders = receipts the shoppers saw, less the ones they refunded",
                                violations: abs(paidOrders - (tally.paid - tally.refunded))))
        findings.append(Finding(rule: "refunded orders = the orders the shoppers canceled", violations: abs(refundedOrders - tally.refunded)))
        findings.append(Finding(rule: "failed orders = payments canceled in the window", violations: abs(failedOrders - tally.canceledInWindow)))
        findings.append(Finding(rule: "Toss was asked to confirm once per paid (or later refunded) order",
                                violations: abs(live.sandbox.callCount("confirm") - paidOrders - refundedOrders)))
        findings.append(Finding(rule: "Toss was asked to cancel once per refunded order, however many clicks",
                                violations: abs(live.sandbox.callCount("cancel") - refundedOrders)))
        let popularity = try await eventually("""
            SELECT COUNT(*) FROM product p WHERE p.popularity != (SELECT COALESCE(SUM(i.quantity), 0) FROM web_payment_item i
            JOIN web_payment w USING (web_payment_id) WHERE i.product_id = p.product_id AND w.payment_status IN ('PAID', 'CANCELED'))
            """)
        // A refund does not take popularity back: the units were sold once. (The crowd refunds only orders it
        // paid for, so every CANCELED order here was paid first.)
        findings.append(Finding(rule: "each product's popularity = units ever paid for (order.paid applied exactly once)",
                                violations: popularity))
        return findings
    }

    private func count(_ sql: String) async throws -> Int {
        try await live.database.read { db throws(DatabaseError) in try db.queryOne(sql) { row throws(DatabaseError) in try row.int(0) } ?? -1 }
    }

    /// The count once it reaches 0, or what it still is after 20 s: events are relayed and consumed after
    /// the orders commit, so their effects settle a moment later.
    private func eventually(_ sql: String) async throws -> Int {
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        var violations = try await count(sql)
        while violations != 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            violations = try await count(sql)
        }
        return violations
    }
}
