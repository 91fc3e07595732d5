import Database
import Testing
import TestSupport
@testable import Storefront

/// Many shoppers at once through the real pages and the sandbox window: the ledger must add up exactly
/// (the rules are LedgerAudit's; the checkout-load benchmark runs the same crowd bigger and prints figures).
@Suite("A crowd buying at once", .timeLimit(.minutes(1)))
struct CrowdLedgerTests {
    @Test("shoppers fighting over the last units, canceling and double-clicking refunds, leave stock, orders, payments and event effects exactly consistent",
          arguments: TestDatabases.engines)
    func crowdLeavesAnExactLedger(engine: DatabaseEngine) async throws {
        let more = (1...2).map { index in
            NewProduct(name: "한정 상품 \(index)", price: 4_900 + index * 1_000, category: "식품", country: "대한민국",
                       manufacturer: "한빛식품", quantity: 12)
        }
        try await withLiveShop(engine: engine, stock: 12, extraProducts: more) { live in
            // 8 shoppers want ~60 units of the 36 there are; each cancels its third attempt in the window and
            // double-clicks 주문 취소 on every second paid order.
            let crowd = try await LoadCrowd.run(live, shoppers: 8, attempts: 4, cancelEvery: 3, refundEvery: 2)
            #expect(crowd.tally.unexpected.isEmpty, "\(crowd.tally.unexpected)")
            #expect(crowd.tally.paid > 0)
            #expect(crowd.tally.canceledInWindow > 0)
            #expect(crowd.tally.refunded > 0)
            for finding in try await crowd.audit(live) {
                #expect(finding.violations == 0, "\(finding.rule)")
            }
        }
    }

    @Test("the audit through an outage counts an order the sandbox was paid for but the shop does not call paid")
    func outageAuditFindsALostOrder() async throws {
        try await withLiveShop(stock: 20) { live in
            let crowd = try await LoadCrowd.run(live, shoppers: 2, attempts: 2)
            let paid = try #require(crowd.tally.paidOrderIds.first)
            for finding in try await crowd.auditThroughOutage(live.loadTarget, settleWithin: .seconds(20)) {
                #expect(finding.violations == 0, "\(finding.rule)")
            }
            // As if the instance that confirmed it had died before storing the answer and nothing settled it.
            _ = try await live.database.write { db in
                try db.execute("UPDATE web_payment SET payment_status = 'FAILED' WHERE order_id = ?", [paid])
            }
            let findings = try await crowd.auditThroughOutage(live.loadTarget, settleWithin: .seconds(1))
            #expect(findings.contains { $0.rule.hasPrefix("each order's status and total match") && $0.violations == 1 })
            #expect(findings.contains { $0.rule == "every receipt a shopper saw is a paid or refunded order" && $0.violations == 1 })
        }
    }
}
