import PluginKit

/// The shop's events turned into label values from closed lists. Confirms, refunds and reconciler passes are rare
/// next to requests (each waits on the payment provider), so they resolve their label set per event.
extension ShopMetrics {
    func recordCacheLookup(_ lookup: ShopCache.Lookup) {
        switch lookup {
        case .hit: cacheHit.increment()
        case .miss: cacheMiss.increment()
        case .unavailable: cacheUnavailable.increment()
        }
    }

    /// By what the shopper was shown: `paid`, `waiting_for_deposit`, `canceled` (settled earlier and since
    /// refunded), `confirming` (the provider's answer is not known yet; the reconciler settles it), `failed`, or
    /// `rejected` (no order of this shopper under that id: nothing was asked of the provider).
    func recordConfirm(_ outcome: PaymentFlow.Outcome, knownMethods: [String: any PaymentMethod]) {
        let (order, label): (Order?, String) = switch outcome {
        case .settled(let order, _): (order, order.status.rawValue.lowercased())
        case .confirming(let order): (order, "confirming")
        case .failed(let order?, _, _): (order, "failed")
        case .failed(nil, _, _): (nil, "rejected")
        }
        confirms.labels(Self.methodLabel(order?.paymentMethod, knownMethods), label).increment()
    }

    /// `canceled` (the whole order), `partial` (a part refunded, the order stays PAID), `refused` (the order cannot be
    /// canceled now, or is not the shopper's) or `failed` (the provider or the database failed).
    func recordRefund(_ result: Result<Order, ShopError>, method: String?, knownMethods: [String: any PaymentMethod]) {
        let label = switch result {
        case .success(let order): order.status == .canceled ? "canceled" : "partial"
        case .failure(.unavailable): "failed"
        case .failure: "refused"
        }
        refunds.labels(Self.methodLabel(method, knownMethods), label).increment()
    }

    func recordReconciled(_ pass: Reconciler.Pass) {
        if pass.settled > 0 { reconcilerActions.labels("settled").increment(by: UInt64(pass.settled)) }
        if pass.expired > 0 { reconcilerActions.labels("expired").increment(by: UInt64(pass.expired)) }
    }

    /// A configured payment method's id; anything else (an order from a method since disabled) is `other`.
    static func methodLabel(_ id: String?, _ known: [String: any PaymentMethod]) -> String {
        guard let id else { return "none" }
        return known[id] != nil ? id : "other"
    }
}
