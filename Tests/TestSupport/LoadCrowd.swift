import Database

/// Many signed-up shoppers buying at once in a live shop (each a `LoadShopper`), with what the audit after
/// needs: every product's stock before the crowd came in.
public struct LoadCrowd: Sendable {
    public let tally: ShopperTally
    public let initialStock: [Int: Int]
    public let seconds: Double

    /// Signs up `shoppers` shoppers (load000, load001, …), lets them loose on every product at once, and waits
    /// for the last one to finish its `attempts` (canceling in the window every `cancelEvery`th, and refunding
    /// every `refundEvery`th paid order with a double click).
    public static func run(_ live: LiveShop, shoppers: Int, attempts: Int, cancelEvery: Int = 10,
                           refundEvery: Int = 0) async throws -> LoadCrowd {
        let stock = try await live.database.read { db throws(DatabaseError) in
            try db.query("SELECT product_id, quantity FROM product ORDER BY product_id") { row throws(DatabaseError) in
                (try row.int(0), try row.int(1))
            }
        }
        let productIds = stock.map(\.0)
        let signupIds = (0..<shoppers).map { index in
            let digits = String(index)
            return "load" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        }
        for signupId in signupIds { try await live.signUp(signupId) }

        let started = ContinuousClock.now
        let tally = await withTaskGroup(of: ShopperTally.self) { group in
            for signupId in signupIds {
                group.addTask { await LoadShopper(live: live, signupId: signupId, productIds: productIds, attempts: attempts, cancelEvery: cancelEvery,
                                            refundEvery: refundEvery).run() }
            }
            var total = ShopperTally()
            for await one in group { total.merge(one) }
            return total
        }
        return LoadCrowd(tally: tally, initialStock: Dictionary(stock, uniquingKeysWith: { first, _ in first }),
                         seconds: LoadShopper.seconds(ContinuousClock.now - started))
    }

    /// The ledger audit of what this crowd did.
    public func audit(_ live: LiveShop) async throws -> [LedgerAudit.Finding] {
        try await LedgerAudit(live: live, initialStock: initialStock, tally: tally).run()
    }
}
