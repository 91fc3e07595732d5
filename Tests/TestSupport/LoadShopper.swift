import Foundation
import Storefront

/// What one shopper's attempts came to (or, merged, a whole crowd's).
public struct ShopperTally: Sendable {
    public var paid = 0
    public var canceledInWindow = 0
    /// Refused with a reason on the product page (sold out, above stock) or at checkout (재고 부족).
    public var refused = 0
    /// Paid orders then canceled from their detail page (refunded through Toss).
    public var refunded = 0
    /// Anything the script did not expect: a page that was not there, a status that makes no sense.
    public var unexpected: [String] = []
    /// Seconds from pressing 주문하기 to the receipt, for each paid order.
    public var purchaseSeconds: [Double] = []
    /// When (seconds since 1970) each receipt was seen and each unexpected answer came, for a timeline
    /// around an outage.
    public var paidAt: [Double] = []
    public var unexpectedAt: [Double] = []
    /// Order ids of every receipt the shoppers saw (virtual accounts once the deposit was made).
    public var paidOrderIds: [String] = []

    public init() {}

    public mutating func merge(_ other: ShopperTally) {
        paid += other.paid
        canceledInWindow += other.canceledInWindow
        refused += other.refused
        refunded += other.refunded
        unexpected += other.unexpected
        purchaseSeconds += other.purchaseSeconds
        paidAt += other.paidAt
        unexpectedAt += other.unexpectedAt
        paidOrderIds += other.paidOrderIds
    }

    mutating func recordUnexpected(_ problem: String) {
        unexpected.append(problem)
        unexpectedAt.append(Date().timeIntervalSince1970)
    }

    mutating func recordPaid(_ orderId: String) {
        paid += 1
        paidAt.append(Date().timeIntervalSince1970)
        paidOrderIds.append(orderId)
    }
}

/// One signed-in shopper buying over and over through the real pages and the sandbox window, as a person
/// in a browser would: put a product in the cart, check out, approve (or every `cancelEvery`th time cancel) in the window,
/// land on the receipt. A virtual account is then paid into at the sandbox, whose deposit webhook reaches the
/// shop while the shopper looks at the order page. A refusal or a cancel leaves the line in the cart, so the shopper removes it before
/// the next attempt.
public struct LoadShopper: Sendable {
    public let target: LoadTarget
    public let signupId: String
    public let productIds: [Int]
    public let attempts: Int
    /// Every this many attempts, the shopper cancels in the payment window instead of approving.
    public let cancelEvery: Int
    /// Every this many paid orders, the shopper cancels the order from its detail page with a double click
    /// (two cancels at once); 0 never does.
    public let refundEvery: Int
    let methods = ["toss.card", "toss.tosspay", "toss.transfer", "toss.virtualAccount"]

    public init(target: LoadTarget, signupId: String, productIds: [Int], attempts: Int, cancelEvery: Int = 10, refundEvery: Int = 0) {
        self.target = target
        self.signupId = signupId
        self.productIds = productIds
        self.attempts = attempts
        self.cancelEvery = max(1, cancelEvery)
        self.refundEvery = max(0, refundEvery)
    }

    public func run() async -> ShopperTally {
        var tally = ShopperTally()
        let shopper = ScriptedShopper(shopPort: target.shopPort, sandboxPort: target.sandbox.apiBase.port ?? 0,
                                      productId: target.productId)
        // Browsers keep their connections open: a new connection per request would measure accept and close.
        shopper.shopBrowser.keepAlive = true
        shopper.sandboxBrowser.keepAlive = true
        do {
            try await shopper.signIn(as: signupId)
        } catch {
            tally.recordUnexpected("\(signupId) sign-in: \(error)")
            return tally
        }
        var random = SystemRandomNumberGenerator()
        for attempt in 0..<attempts {
            let productId = productIds.randomElement(using: &random) ?? target.productId
            let quantity = Int.random(in: 1...3, using: &random)
            let cancel = attempt % cancelEvery == cancelEvery - 1
            do {
                try await buy(shopper, productId: productId, quantity: quantity, cancel: cancel,
                              method: methods[attempt % methods.count], into: &tally)
            } catch {
                tally.recordUnexpected("\(signupId) attempt \(attempt): \(error)")
            }
        }
        return tally
    }

    private func buy(_ shopper: ScriptedShopper, productId: Int, quantity: Int, cancel: Bool, method: String,
                     into tally: inout ShopperTally) async throws {
        let added = try await shopper.addToCart(quantity: quantity, productId: productId)
        switch added.status {
        case 200: break  // the redirect to the cart, followed
        case 409, 422:   // sold out or above stock: the product page again, with the reason
            tally.refused += 1
            return
        default: throw LoadError.unexpected("adding \(productId) answered \(added.status)")
        }
        let started = ContinuousClock.now
        let page: ScriptedShopper.PaymentPage
        do {
            page = try await shopper.checkout(method: method)
        } catch ScriptedShopper.ScriptError.unexpected(let why) where why.hasPrefix("no payment page (409)") {
            tally.refused += 1
            try await empty(shopper, productId)
            return
        }
        let key = try await shopper.openWindow(page)
        let back = try await shopper.choose(cancel ? "cancel" : "approve", paymentKey: key)
        let landing = try await shopper.visit(back)
        guard landing.status == 200 else { throw LoadError.unexpected("\(page.orderId): landing answered \(landing.status)") }
        if !cancel { try await waitWhileConfirming(shopper, orderId: page.orderId, landing: landing) }
        if cancel {
            tally.canceledInWindow += 1
            try await empty(shopper, productId)
        } else if method == "toss.virtualAccount" {
            tally.recordPaid(page.orderId)
            guard case .success = await target.sandbox.deposit(orderId: page.orderId) else {
                throw LoadError.unexpected("\(page.orderId): the sandbox refused the deposit")
            }
            let detail = try await shopper.shopBrowser.get("/orders/\(page.orderId)")
            guard detail.status == 200 else { throw LoadError.unexpected("\(page.orderId): order page answered \(detail.status)") }
        } else {
            tally.recordPaid(page.orderId)
            tally.purchaseSeconds.append(Self.seconds(ContinuousClock.now - started))
            if refundEvery > 0, tally.paid % refundEvery == 0 {
                try await refundTwiceAtOnce(shopper, orderId: page.orderId)
                tally.refunded += 1
            }
        }
    }

    /// A landing that says the payment is still being confirmed (the instance that asked the provider was killed,
    /// say) is no receipt yet, and a virtual account cannot be paid into before it is issued: like a shopper, refresh
    /// the order page until the shop has settled it (its reconciler, at the latest).
    private func waitWhileConfirming(_ shopper: ScriptedShopper, orderId: String, landing: TestResponse) async throws {
        var page = landing
        let deadline = ContinuousClock.now + .seconds(150)
        while page.text.contains("badge-\(OrderStatus.confirming.rawValue)") {
            guard ContinuousClock.now < deadline else { throw LoadError.unexpected("\(orderId): still confirming after 150 s") }
            try await Task.sleep(for: .milliseconds(500))
            page = try await shopper.shopBrowser.get("/orders/\(orderId)")
            guard page.status == 200 else { throw LoadError.unexpected("\(orderId): order page answered \(page.status)") }
        }
    }

    /// Presses 주문 취소 twice at once (two connections, same session): one refund must come of it.
    private func refundTwiceAtOnce(_ shopper: ScriptedShopper, orderId: String) async throws {
        let answers = try await shopper.submitTwiceAtOnce("/orders/\(orderId)/cancel", form: [("_csrf", shopper.csrf)])
        // Both land on the canceled order (303): the second click waits for the first one's refund.
        let statuses = answers.map(\.status)
        guard statuses == [303, 303] else {
            throw LoadError.unexpected("\(orderId): cancel answered \(statuses)")
        }
    }

    /// Takes the product's line out of the cart (after a refusal or a cancel, where the cart stays as it was).
    private func empty(_ shopper: ScriptedShopper, _ productId: Int) async throws {
        _ = try await shopper.shopBrowser.post("/cart/items/\(productId)/delete", form: [("_csrf", shopper.csrf)])
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

enum LoadError: Error, CustomStringConvertible {
    case unexpected(String)
    var description: String { if case .unexpected(let why) = self { why } else { "" } }
}
