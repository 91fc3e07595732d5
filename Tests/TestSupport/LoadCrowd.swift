import Database
import Storefront
import TossSandbox

/// Where a load runs: the port shoppers connect to (the shop, or a proxy in front of several), the Toss
/// sandbox the shop confirms with (in this process, so deposits and call counts are read directly), and the
/// shop's database, read by the audit and written only to sign shoppers up.
public struct LoadTarget: Sendable {
    public let shopPort: Int
    public let sandbox: TossSandbox
    public let database: any DatabaseWriter
    /// The product a shopper falls back to when the crowd has none to choose from.
    public let productId: Int

    public init(shopPort: Int, sandbox: TossSandbox, database: any DatabaseWriter, productId: Int) {
        self.shopPort = shopPort
        self.sandbox = sandbox
        self.database = database
        self.productId = productId
    }

    /// Signs up a shopper with the fixture's password (hashed at the cheap cost any server checks).
    @discardableResult
    public func signUp(_ signupId: String) async throws -> Account {
        try await AccountService(database: database, passwordCost: 4).signUp(
            SignupForm(signupId: signupId, password: LiveShopFixture.password, name: "홍길동", phone: "010-1234-5678"))
    }
}

extension LiveShop {
    public var loadTarget: LoadTarget {
        LoadTarget(shopPort: server.port, sandbox: sandbox, database: database, productId: product.id)
    }
}

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
        try await run(live.loadTarget, shoppers: shoppers, attempts: attempts, cancelEvery: cancelEvery, refundEvery: refundEvery)
    }

    public static func run(_ target: LoadTarget, shoppers: Int, attempts: Int, cancelEvery: Int = 10,
                           refundEvery: Int = 0) async throws -> LoadCrowd {
        let stock = try await target.database.read { db throws(DatabaseError) in
            try db.query("SELECT product_id, quantity FROM product ORDER BY product_id") { row throws(DatabaseError) in
                (try row.int(0), try row.int(1))
            }
        }
        let productIds = stock.map(\.0)
        let signupIds = (0..<shoppers).map { index in
            let digits = String(index)
            return "load" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        }
        for signupId in signupIds { try await target.signUp(signupId) }

        let started = ContinuousClock.now
        let tally = await withTaskGroup(of: ShopperTally.self) { group in
            for signupId in signupIds {
                group.addTask { await LoadShopper(target: target, signupId: signupId, productIds: productIds, attempts: attempts, cancelEvery: cancelEvery,
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
        try await LedgerAudit(target: live.loadTarget, initialStock: initialStock, tally: tally).run()
    }

    /// The audit when some answers may never have reached the shoppers (an instance killed under them): the
    /// shop's orders are held against the sandbox's payments instead of against what the shoppers saw.
    public func auditThroughOutage(_ target: LoadTarget, settleWithin: Duration) async throws -> [LedgerAudit.Finding] {
        try await LedgerAudit(target: target, initialStock: initialStock, tally: tally, answersMayBeLost: true,
                              settleWithin: settleWithin).run()
    }
}
