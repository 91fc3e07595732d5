import Foundation

/// What a shopper is told about their order. The storefront builds one from a domain event and hands it to the
/// configured `Notifier`; the notifier decides how it reaches the shopper (a log line, a file an operator's script
/// sends as 알림톡 or e-mail, a provider's API).
///
/// `id` is the event's id: a redelivered event makes a notice with the same id, so a receiver that keeps ids can
/// drop a repeat even past the storefront's own deduplication.
public struct Notice: Sendable, Equatable, Codable {
    /// The moments the shop tells a shopper about.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// 결제 완료: `amount` is what was paid.
        case orderPaid = "order_paid"
        /// 입금 대기: a virtual account was issued; `amount` is what to deposit.
        case depositWaiting = "deposit_waiting"
        /// 발송: `carrier`, `trackingNumber` and `trackingURL` say where to follow it.
        case shipped
        /// 배송 완료.
        case delivered
        /// 환불: `amount` is what was refunded, when known.
        case refunded
    }

    public var id: String
    public var kind: Kind
    public var orderId: String
    /// The shop's id of the shopper (`users.user_id`); the notifier looks up no personal data itself.
    public var userId: Int
    /// The shopper's name and phone digits as they gave them at checkout, for a message's greeting and address.
    public var customerName: String
    public var customerPhone: String
    /// KRW, where the kind carries an amount.
    public var amount: Int?
    /// The carrier's Korean name, for `shipped`.
    public var carrier: String?
    public var trackingNumber: String?
    public var trackingURL: String?
    public var occurredAt: Date

    public init(id: String, kind: Kind, orderId: String, userId: Int, customerName: String, customerPhone: String,
                amount: Int? = nil, carrier: String? = nil, trackingNumber: String? = nil, trackingURL: String? = nil,
                occurredAt: Date) {
        self.id = id
        self.kind = kind
        self.orderId = orderId
        self.userId = userId
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.amount = amount
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.trackingURL = trackingURL
        self.occurredAt = occurredAt
    }
}

/// Delivers notices to shoppers. Operators pick the implementation in storefront.json (`notifier.plugin`: `log`,
/// `outbox-file`, or a plugin of their own registered by name).
///
/// Contract:
/// - `send` is called from an outbox consumer, never inside an order's transaction: it may take its time (a
///   network call), and a slow or failing notifier never holds up or undoes an order.
/// - Delivery is at least once. `send` returning means the notice is delivered (or durably handed on); the
///   storefront then records `notice.id` and does not send it again. Throwing means "not delivered": the event
///   is retried later, so a notifier must not throw after it has delivered. A crash between delivery and that
///   record can repeat a notice; `notice.id` is stable for a receiver that wants exactly once.
/// - A notice the notifier can never deliver (no such recipient) should be logged and return, not throw forever.
/// - Values in a notice are data: a notifier escapes them for whatever it writes (JSON, a log line, a template).
public protocol Notifier: Sendable {
    func send(_ notice: Notice) async throws(NotifierError)
    /// Flushes and releases files or connections.
    func shutdown() async
}

/// Why a notice was not delivered; the storefront retries the event later.
public struct NotifierError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "notifier: \(message)" }
}
