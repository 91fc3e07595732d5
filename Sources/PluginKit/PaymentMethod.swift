/// A way to pay that the checkout offers: Toss card, transfer, virtual account, TossPay, or a
/// plugin author's own. The storefront drives every method through this one protocol and never
/// imports a concrete plugin.
///
/// Contract:
/// - `confirm` is idempotent for the same `idempotencyKey`: a retry after a lost answer returns the
///   first outcome and never charges twice.
/// - Errors are `PaymentError`, whose `kind` tells the order flow what to do (fail the order, keep it
///   confirming and reconcile later, or treat it as already done).
/// - Nothing here logs or returns secret keys.
public protocol PaymentMethod: Sendable {
    /// Stable id used in storefront.json and stored on orders, e.g. `toss.card`.
    var id: String { get }
    /// The Korean name shown at checkout, e.g. `카드`.
    var displayName: String { get }

    /// What the payment page needs to open the provider's window in the browser.
    func browserRequest(for order: PaymentOrder) -> BrowserPaymentRequest

    /// Approves an authenticated payment for the stored amount (never the browser's).
    func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord

    /// Cancels (refunds) the payment: the whole remaining balance when `amount` is nil, else that part.
    func cancel(paymentKey: String, reason: String, amount: Int?, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord

    /// The provider's current view of the order's payment, for reconciliation; nil when it knows none.
    /// An order can hold several payments (its window opened twice, in two tabs): this answers the
    /// approved one when there is one, never a sibling left unapproved (READY, ABORTED, EXPIRED).
    func status(orderId: String) async throws(PaymentError) -> PaymentRecord?

    /// The provider's current view of one payment; nil when it knows none. The flow asks by key whenever
    /// it knows one (the key it sent to confirm, the key a webhook names), which no sibling can answer for.
    func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord?
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

/// The script to load and the JSON-able call the payment page makes, e.g. Toss's
/// `TossPayments(clientKey).payment({customerKey}).requestPayment(request)`.
public struct BrowserPaymentRequest: Sendable {
    public var sdkURL: String
    public var clientKey: String
    public var customerKey: String
    /// The `requestPayment` argument: only strings, integers, booleans, arrays and dictionaries.
    public var request: [String: any Sendable]

    public init(sdkURL: String, clientKey: String, customerKey: String, request: [String: any Sendable]) {
        self.sdkURL = sdkURL
        self.clientKey = clientKey
        self.customerKey = customerKey
        self.request = request
    }
}
