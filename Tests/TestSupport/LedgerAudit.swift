import Database

/// After the load: does every record still add up? Each check is a sentence that must hold, and a count
/// of the rows or products that break it (0 when it holds).
public struct LedgerAudit: Sendable {
    public let target: LoadTarget
    /// Each product's stock before the load.
    public let initialStock: [Int: Int]
    public let tally: ShopperTally
    /// Set when an outage may have cut answers off (a killed instance): what the shoppers saw then only bounds
    /// the ledger, so the shop's orders are held against the sandbox's payments instead.
    public let answersMayBeLost: Bool
    /// How long orders may take to settle: 20 s in process; through an outage, a confirm cut off by the kill
    /// waits for another instance's reconciler (a minute old, then its next pass, a minute apart).
    public let settleWithin: Duration

    public struct Finding: Sendable {
        public let rule: String
        public let violations: Int
    }

    public init(target: LoadTarget, initialStock: [Int: Int], tally: ShopperTally, answersMayBeLost: Bool = false,
                settleWithin: Duration = .seconds(20)) {
        self.target = target
        self.initialStock = initialStock
        self.tally = tally
        self.answersMayBeLost = answersMayBeLost
        self.settleWithin = settleWithin
    }

    /// The crowd's own orders (its shoppers are `load000`, `load001`, …): a shop seeded with demo data also holds
    /// the demo reviewers' paid orders, which no sandbox of this run confirmed and whose units left the stock
    /// before `initialStock` was read.
    static let crowdOrder = "w.user_id IN (SELECT user_id FROM users WHERE signup_id LIKE 'load%')"

    public func run() async throws -> [Finding] {
        let initial = initialStock
        let crowd = Self.crowdOrder
        // Deposits reach the shop by webhook after the shoppers are done; settle first, then count. A checkout
        // whose answer a kill cut off leaves its order PENDING (holding its stock) until the shopper's next
        // checkout or the reconciler's 30 minutes expire it: neither lost nor doubled, so not counted then.
        let unsettled = try await eventually(answersMayBeLost
            ? "SELECT COUNT(*) FROM web_payment w WHERE payment_status IN ('CONFIRMING', 'WAITING_FOR_DEPOSIT') AND \(crowd)"
            : "SELECT COUNT(*) FROM web_payment w WHERE payment_status IN ('PENDING', 'CONFIRMING', 'WAITING_FOR_DEPOSIT') AND \(crowd)")
        var findings = [Finding(rule: answersMayBeLost ? "no order is left confirming or waiting for a deposit made"
                                    : "no order is left pending, confirming or waiting for a deposit made", violations: unsettled)]
        findings += try await target.database.read { db throws(DatabaseError) in
            // Units held by orders that did not give their stock back (pending, paid, waiting for deposit).
            let held = try db.query("""
                SELECT i.product_id, SUM(i.quantity) FROM web_payment_item i JOIN web_payment w USING (web_payment_id)
                WHERE w.payment_status NOT IN ('FAILED', 'CANCELED', 'EXPIRED') AND \(crowd) GROUP BY i.product_id
                """) { row throws(DatabaseError) in (try row.int(0), try row.int(1)) }
            let heldByProduct = Dictionary(held, uniquingKeysWith: +)
            let stock = try db.query("SELECT product_id, quantity FROM product") { row throws(DatabaseError) in (try row.int(0), try row.int(1)) }
            let unbalanced = stock.filter { id, quantity in quantity + (heldByProduct[id] ?? 0) != initial[id] }.count
            func count(_ sql: String) throws(DatabaseError) -> Int { try db.queryOne(sql) { row throws(DatabaseError) in try row.int(0) } ?? -1 }
            return [
                Finding(rule: "stock left + units in live orders = stock before, for every product", violations: unbalanced),
                Finding(rule: "every paid order has exactly one DONE toss_payment for its stored total", violations: try count("""
                    SELECT COUNT(*) FROM web_payment w WHERE w.payment_status = 'PAID' AND \(crowd) AND (SELECT COUNT(*) FROM toss_payment t
                    WHERE t.order_id = w.order_id AND t.status = 'DONE' AND t.total_price = w.total_price) != 1
                    """)),
                Finding(rule: "no toss_payment row without a paid or refunded order", violations: try count("""
                    SELECT COUNT(*) FROM toss_payment t JOIN web_payment w USING (order_id) WHERE w.payment_status NOT IN ('PAID', 'CANCELED')
                    """)),
                Finding(rule: "every refunded order has exactly one toss_payment, CANCELED with nothing left to refund", violations: try count("""
                    SELECT COUNT(*) FROM web_payment w WHERE w.payment_status = 'CANCELED' AND \(crowd) AND (SELECT COUNT(*) FROM toss_payment t
                    WHERE t.order_id = w.order_id AND t.status = 'CANCELED' AND t.balance_amount = 0) != 1
                    """)),
            ]
        }
        let paidOrders = try await count("SELECT COUNT(*) FROM web_payment w WHERE payment_status = 'PAID' AND \(crowd)")
        let refundedOrders = try await count("SELECT COUNT(*) FROM web_payment w WHERE payment_status = 'CANCELED' AND \(crowd)")
        let failedOrders = try await count("SELECT COUNT(*) FROM web_payment w WHERE payment_status = 'FAILED' AND \(crowd)")
        if answersMayBeLost {
            findings += try await againstTheSandbox(paidOrders: paidOrders, refundedOrders: refundedOrders)
        } else {
            findings += againstTheShoppers(paidOrders: paidOrders, refundedOrders: refundedOrders, failedOrders: failedOrders)
        }
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

    /// What the shoppers saw must be exactly what the ledger says (every answer reached them).
    private func againstTheShoppers(paidOrders: Int, refundedOrders: Int, failedOrders: Int) -> [Finding] {
        var findings: [Finding] = []
        findings.append(Finding(rule: "paid orders = receipts the shoppers saw, less the ones they refunded",
                                violations: abs(paidOrders - (tally.paid - tally.refunded))))
        findings.append(Finding(rule: "refunded orders = the orders the shoppers canceled", violations: abs(refundedOrders - tally.refunded)))
        findings.append(Finding(rule: "failed orders = payments canceled in the window", violations: abs(failedOrders - tally.canceledInWindow)))
        findings.append(Finding(rule: "Toss was asked to confirm once per paid (or later refunded) order",
                                violations: abs(target.sandbox.callCount("confirm") - paidOrders - refundedOrders)))
        findings.append(Finding(rule: "Toss was asked to cancel once per refunded order, however many clicks",
                                violations: abs(target.sandbox.callCount("cancel") - refundedOrders)))
        return findings
    }

    /// Through an outage: every payment the sandbox confirmed is one paid (or refunded) order of the same amount
    /// in the shop, no order has two, and every receipt a shopper saw is such an order.
    private func againstTheSandbox(paidOrders: Int, refundedOrders: Int) async throws -> [Finding] {
        let orders = try await target.database.read { db throws(DatabaseError) in
            try db.query("SELECT order_id, payment_status, total_price FROM web_payment w WHERE \(Self.crowdOrder)") { row throws(DatabaseError) in
                (try row.string(0), try row.string(1), try row.int(2))
            }
        }
        let confirmed = Dictionary(grouping: target.sandbox.confirmedPayments, by: \.orderId)
        var mismatched = 0
        for (orderId, status, total) in orders {
            let payment = confirmed[orderId]?.first
            switch status {
            case "PAID": if payment?.status != "DONE" || payment?.totalAmount != total { mismatched += 1 }
            case "CANCELED": if payment?.status != "CANCELED" || payment?.cancels != 1 { mismatched += 1 }
            default: if payment != nil { mismatched += 1 }  // money taken for an order the shop does not call paid
            }
        }
        let known = Set(orders.map(\.0))
        let settled = Set(orders.filter { ["PAID", "CANCELED"].contains($0.1) }.map(\.0))
        return [
            // Two instances may each send a double click's cancel (the single flight is per process); the key
            // derived from order and balance makes Toss refund once, which is what the sandbox's cancels show.
            Finding(rule: "each order's status and total match its sandbox payment (none confirmed for an unpaid order, one refund per refunded order)",
                    violations: mismatched),
            Finding(rule: "no order has two confirmed payments in the sandbox (none doubled)",
                    violations: confirmed.values.filter { $0.count > 1 }.count),
            Finding(rule: "no confirmed sandbox payment without its order in the shop (none lost)",
                    violations: confirmed.keys.filter { !known.contains($0) }.count),
            Finding(rule: "the sandbox confirmed as many payments as the shop has paid or refunded orders",
                    violations: abs(confirmed.values.map(\.count).reduce(0, +) - paidOrders - refundedOrders)),
            Finding(rule: "every receipt a shopper saw is a paid or refunded order", violations: Set(tally.paidOrderIds).subtracting(settled).count),
        ]
    }

    private func count(_ sql: String) async throws -> Int {
        try await target.database.read { db throws(DatabaseError) in try db.queryOne(sql) { row throws(DatabaseError) in try row.int(0) } ?? -1 }
    }

    /// The count once it reaches 0, or what it still is after `settleWithin`: events are relayed and consumed after
    /// the orders commit, so their effects settle a moment later.
    private func eventually(_ sql: String) async throws -> Int {
        let deadline = ContinuousClock.now.advanced(by: settleWithin)
        var violations = try await count(sql)
        while violations != 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            violations = try await count(sql)
        }
        return violations
    }
}
