/// One delivery to `/payments/NAME/webhook`: the raw body and headers, as the provider's servers sent them.
public struct WebhookDelivery: Sendable {
    public var body: [UInt8]
    /// Header names lowercased; a repeated header keeps its first value.
    public var headers: [String: String]

    public init(body: [UInt8], headers: [String: String] = [:]) {
        self.body = body
        self.headers = headers
    }
}

/// What a provider made of a webhook delivery.
public enum WebhookDecoding: Sendable, Equatable {
    /// A payment changed; the shop verifies what `proof` asks and then asks the provider by key.
    case event(PaymentWebhookEvent)
    /// Not something the shop acts on (another event type, a body it cannot read): acknowledged, nothing changes.
    case ignored(reason: String)
    /// The body failed the provider's verification (a bad signature): acknowledged, nothing changes, logged.
    case forged(reason: String)
}

/// A webhook's news about one payment, in terms no provider owns.
public struct PaymentWebhookEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case paymentDone, waitingForDeposit, depositReceived, canceled, failed
        /// Anything else about the payment (a status the provider added): still worth a lookup.
        case changed
    }

    /// How far the body itself can be believed before the shop asks the provider.
    public enum Proof: Sendable, Equatable {
        /// The provider checked a signature over the body with a secret only it and the shop know.
        case signed
        /// The body echoes the payment's secret (`PaymentRecord.secret`): the shop compares it with the one stored
        /// and drops the event on a mismatch.
        case echoedSecret(String?)
        /// Nothing proves it: the shop acts only when it names a payment key, and then only on the provider's
        /// answer about that key.
        case none
    }

    public var orderId: String
    public var paymentKey: String?
    public var kind: Kind
    public var proof: Proof

    public init(orderId: String, paymentKey: String?, kind: Kind, proof: Proof) {
        self.orderId = orderId
        self.paymentKey = paymentKey
        self.kind = kind
        self.proof = proof
    }

    /// The kind a record's status stands for, for providers whose webhooks carry a status.
    public static func kind(of status: PaymentRecord.Status) -> Kind {
        switch status {
        case .done: .paymentDone
        case .waitingForDeposit: .waitingForDeposit
        case .canceled, .partialCanceled: .canceled
        case .aborted, .expired: .failed
        case .ready, .inProgress, .unknown: .changed
        }
    }
}
