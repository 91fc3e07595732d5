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
/// tells it a deposit was matched to a payment, and it answers the payment as it now stands.
///
/// Contract: idempotent per `idempotencyKey`; a deposit of another amount than the payment's is refused
/// (`.rejected`, nothing recorded); recording one on a payment that is no longer waiting is `.alreadyProcessed`.
public protocol DepositRecordingMethod: PaymentMethod {
    func recordDeposit(paymentKey: String, amount: Int, depositor: String, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord
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
