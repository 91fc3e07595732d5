import Logging

/// A payment provider plugin (`toss`, `banktransfer`, anyone's): one name, the methods it offers, and how it reads
/// what its window and its servers send back. Registered by name in `PluginRegistry` and built from
/// `payments.providers.NAME.options`.
///
/// Contract:
/// - `name` is lowercase letters and digits; it is the first part of each of its methods' ids and the path segment
///   of its routes: the window returns to `/payments/NAME/return/success` and `/payments/NAME/return/fail`, and its
///   servers post to `/payments/NAME/webhook` (exempt from CSRF, since they come without the shopper's cookies).
/// - `returnParameters` and `decodeWebhook` only read: nothing they answer is trusted as it stands. The shop checks
///   a return against the stored order and confirms the stored amount; a webhook event is a hint after which the
///   shop asks `PaymentMethod.status(paymentKey:)` and applies only that answer.
/// - Nothing here logs or returns a secret.
public protocol PaymentProvider: Sendable {
    var name: String { get }
    /// The Korean name an operator sees (`토스페이먼츠`, `무통장입금`).
    var displayName: String { get }
    /// What it offers, each `id` starting with `name` and a dot.
    var methods: [any PaymentMethod] { get }

    /// What the browser brought back to a return URL. The default reads the common convention (success:
    /// `paymentKey`, `orderId`, `amount`; fail: `code`, `message`, `orderId`).
    func returnParameters(_ query: [String: String], succeeded: Bool) -> PaymentReturn

    /// What a delivery to the webhook route says, verified as the provider can (a signature over the body, a
    /// per-payment secret for the shop to compare). The default ignores every delivery.
    func decodeWebhook(_ delivery: WebhookDelivery) -> WebhookDecoding

    /// The hosts outside the shop its browser step needs (a form post's action, a script, a framed window), which
    /// the shop adds to its Content-Security-Policy while one of its methods is enabled. The default is none:
    /// a redirect or no window needs no host.
    var browserOrigins: BrowserOrigins { get }
}

/// Origins (`https://pg.example`, `https://*.pg.example`, with a port when not the default) a provider's browser
/// step loads or talks to, by what it does with each. Anything that is not such an origin is left out of the policy.
public struct BrowserOrigins: Sendable, Equatable {
    public var scripts: [String]
    public var styles: [String]
    public var frames: [String]
    public var connections: [String]
    /// Where a `BrowserStep.formPost` (or a framed window's own forms) posts.
    public var forms: [String]

    public init(scripts: [String] = [], styles: [String] = [], frames: [String] = [], connections: [String] = [],
                forms: [String] = []) {
        self.scripts = scripts
        self.styles = styles
        self.frames = frames
        self.connections = connections
        self.forms = forms
    }
}

extension PaymentProvider {
    public func returnParameters(_ query: [String: String], succeeded: Bool) -> PaymentReturn {
        PaymentReturn.conventional(query, succeeded: succeeded)
    }

    public func decodeWebhook(_ delivery: WebhookDelivery) -> WebhookDecoding { .ignored(reason: "no_webhooks") }

    public var browserOrigins: BrowserOrigins { BrowserOrigins() }

    /// The route paths this provider answers under.
    public var webhookPath: String { "/payments/\(name)/webhook" }
    public var successPath: String { "/payments/\(name)/return/success" }
    public var failPath: String { "/payments/\(name)/return/fail" }
}

/// What a return URL carries, as the provider reads it. Every value is untrusted.
public enum PaymentReturn: Sendable, Equatable {
    /// The window says the shopper authenticated `paymentKey` for `amount` (digits as sent).
    case succeeded(orderId: String, paymentKey: String, amount: String)
    /// The window says the payment did not happen.
    case failed(orderId: String, code: String, message: String)

    /// The common convention (Toss's, and the default): success `paymentKey`, `orderId`, `amount`; fail `code`,
    /// `message`, `orderId`.
    public static func conventional(_ query: [String: String], succeeded: Bool) -> PaymentReturn {
        succeeded
            ? .succeeded(orderId: query["orderId"] ?? "", paymentKey: query["paymentKey"] ?? "", amount: query["amount"] ?? "")
            : .failed(orderId: query["orderId"] ?? "", code: query["code"] ?? "PAY_PROCESS_ABORTED", message: query["message"] ?? "")
    }
}

/// A method whose money arrives outside any provider's servers (무통장입금 to the shop's own account): the shop
/// tells it a deposit was matched to a payment, and it answers the payment as it now stands. Its refunds are paid
/// by the shop's own transfer: `cancel` records what is owed and where, the operator sends it, and
/// `recordRefundTransfer` marks it sent.
///
/// Contract: idempotent per `idempotencyKey`; a deposit of another amount than the payment's is refused
/// (`.rejected`, nothing recorded); recording one on a payment that is no longer waiting is `.alreadyProcessed`.
/// `refundTransfers` lists a payment's refunds in the order they were made, each with the account in full only
/// while its transfer is not recorded (after that, masked); recording a transfer twice is `.alreadyProcessed`.
public protocol DepositRecordingMethod: PaymentMethod {
    func recordDeposit(paymentKey: String, amount: Int, depositor: String, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord
    func refundTransfers(paymentKey: String) async throws(PaymentError) -> [RefundTransfer]
    func recordRefundTransfer(paymentKey: String, index: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord
}

/// One refund a `DepositRecordingMethod` owes the shopper by transfer: how much, to which account, why, and
/// whether the operator has recorded sending it. Its description masks the account number, so logging one
/// never writes the number.
public struct RefundTransfer: Sendable, Equatable, CustomStringConvertible {
    /// Its place among the payment's refunds (0 first): what `recordRefundTransfer` names.
    public var index: Int
    public var amount: Int
    public var bankCode: String
    /// The account in full while the transfer is owed; masked once it is recorded as sent.
    public var accountNumber: String
    public var holderName: String
    public var reason: String
    /// When the operator recorded the transfer (ISO 8601); nil while it is owed.
    public var transferredAt: String?

    public init(index: Int, amount: Int, bankCode: String, accountNumber: String, holderName: String, reason: String,
                transferredAt: String?) {
        self.index = index
        self.amount = amount
        self.bankCode = bankCode
        self.accountNumber = accountNumber
        self.holderName = holderName
        self.reason = reason
        self.transferredAt = transferredAt
    }

    public var description: String {
        "RefundTransfer(\(index): \(amount) to \(bankCode) \(RefundDestination.masked(accountNumber)), sent: \(transferredAt ?? "no"))"
    }
}

/// How a provider plugin is built: its options, the environment (keys live there, never in storefront.json),
/// a logger carrying `plugin=NAME`, and a ledger for providers with no server of their own to keep records on.
public struct PaymentProviderContext: Sendable {
    public var options: PluginOptions
    public var environment: [String: String]
    public var logger: Logger
    public var ledger: any PaymentLedger

    public init(options: PluginOptions, environment: [String: String], logger: Logger, ledger: any PaymentLedger) {
        self.options = options
        self.environment = environment
        self.logger = logger
        self.ledger = ledger
    }

    /// The environment variable `name`, or an error naming the option that needs it.
    public func secret(_ name: String, for option: String) throws(PluginError) -> String {
        guard let value = environment[name], !value.isEmpty else {
            throw PluginError(keyPath: "\(options.keyPath).\(option)", "needs \(name) in the environment")
        }
        return value
    }
}
