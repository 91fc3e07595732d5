/// A way to pay that the checkout offers (`toss.card`, `banktransfer.account`, a plugin author's own), offered by a
/// `PaymentProvider`. The storefront drives every method through this one protocol and never imports a concrete
/// plugin.
///
/// Contract:
/// - `confirm` is idempotent for the same `idempotencyKey`: a retry after a lost answer returns the
///   first outcome and never charges twice.
/// - Errors are `PaymentError`, whose `kind` tells the order flow what to do (fail the order, keep it
///   confirming and reconcile later, or treat it as already done).
/// - Nothing here logs or returns secret keys.
public protocol PaymentMethod: Sendable {
    /// Stable id used in storefront.json and stored on orders, `provider.method` (e.g. `toss.card`): the part
    /// before the first dot names the provider whose return and webhook routes serve it.
    var id: String { get }
    /// The Korean name shown at checkout, e.g. `카드`.
    var displayName: String { get }

    /// What the payment page does in the browser for a just-placed order: run a provider script, redirect, post
    /// a form, or nothing (a method with no window, which the shop confirms at once).
    func browserStep(for order: PaymentOrder) -> BrowserStep

    /// Approves an authenticated payment for the stored amount (never the browser's).
    func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord

    /// Cancels (refunds) the payment: the whole remaining balance when `amount` is nil, else that part.
    /// `destination` is where the money goes when the means that paid cannot take it back (see
    /// `refundNeedsDestination`); nil otherwise, and ignored by a method that never needs one. The method never
    /// logs it, and keeps it out of the returned record's `rawJSON` and of any error's message but masked.
    func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination?,
                idempotencyKey: String) async throws(PaymentError) -> PaymentRecord

    /// Whether refunding a payment of this method now in `status` needs a `RefundDestination`: a virtual
    /// account's deposit came by bank transfer from an account the provider does not know, so after the deposit
    /// (and only then) the refund must name the account it goes to. False by default.
    func refundNeedsDestination(status: PaymentRecord.Status) -> Bool

    /// The banks a `RefundDestination.bankAccount` may name, in the order a form lists them; empty for a method
    /// that never needs a destination (the default).
    var refundBanks: [RefundBank] { get }

    /// The provider's current view of the order's payment, for reconciliation; nil when it knows none.
    /// An order can hold several payments (its window opened twice, in two tabs): this answers the
    /// approved one when there is one, never a sibling left unapproved (READY, ABORTED, EXPIRED).
    func status(orderId: String) async throws(PaymentError) -> PaymentRecord?

    /// The provider's current view of one payment; nil when it knows none. The flow asks by key whenever
    /// it knows one (the key it sent to confirm, the key a webhook names), which no sibling can answer for.
    func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord?
}

extension PaymentMethod {
    /// The provider part of `id` (`toss` for `toss.card`).
    public var providerName: String { String(id.prefix { $0 != "." }) }

    public func refundNeedsDestination(status: PaymentRecord.Status) -> Bool { false }
    public var refundBanks: [RefundBank] { [] }
}

/// Where a refund is paid when the means that paid cannot take it back, in terms any provider can use.
///
/// Guarantees: its `description` (and so string interpolation and the log) masks the account number
/// (`110****5678`) and leaves the holder out; only a provider's request body sees the values.
public enum RefundDestination: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// A Korean bank account: the provider's bank code, the number as digits only, and the holder's name.
    case bankAccount(bankCode: String, accountNumber: String, holderName: String)

    public var description: String {
        switch self {
        case .bankAccount(let bankCode, let accountNumber, _):
            "bankAccount(bank: \(bankCode), number: \(Self.masked(accountNumber)))"
        }
    }

    public var debugDescription: String { description }

    /// The account number, or nil for a destination that is no account.
    public var accountNumber: String? {
        switch self {
        case .bankAccount(_, let accountNumber, _): accountNumber
        }
    }

    /// `number` with all but its first three and last four characters hidden (`110****5678`); a number of
    /// seven characters or fewer keeps only its last two.
    public static func masked(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 7 else {
            return String(repeating: "*", count: max(0, characters.count - 2)) + String(characters.suffix(2))
        }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
    }
}

/// A bank a refund can be paid into: the provider's code for it and the name a form shows.
public struct RefundBank: Sendable, Equatable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// The order as a payment method sees it: no database types, only what a provider needs.
public struct PaymentOrder: Sendable, Equatable {
    public var orderId: String
    public var orderName: String
    public var amount: Int
    public var customerName: String
    public var customerPhone: String
    /// Absolute URLs the provider's window returns to.
    public var successURL: String
    public var failURL: String

    public init(orderId: String, orderName: String, amount: Int, customerName: String, customerPhone: String,
                successURL: String, failURL: String) {
        self.orderId = orderId
        self.orderName = orderName
        self.amount = amount
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.successURL = successURL
        self.failURL = failURL
    }
}

