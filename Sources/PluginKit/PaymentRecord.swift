/// A provider's account of one payment (Toss's Payment object, reduced to what the shop stores and
/// shows). Amounts are integer KRW.
public struct PaymentRecord: Sendable, Equatable {
    /// Toss's payment statuses; anything new arrives as `.unknown` instead of failing to decode.
    public enum Status: Sendable, Equatable {
        case ready, inProgress, waitingForDeposit, done, canceled, partialCanceled, aborted, expired
        case unknown(String)

        public init(toss value: String) {
            switch value {
            case "READY": self = .ready
            case "IN_PROGRESS": self = .inProgress
            case "WAITING_FOR_DEPOSIT": self = .waitingForDeposit
            case "DONE": self = .done
            case "CANCELED": self = .canceled
            case "PARTIAL_CANCELED": self = .partialCanceled
            case "ABORTED": self = .aborted
            case "EXPIRED": self = .expired
            default: self = .unknown(value)
            }
        }

        /// The provider approved the payment (its confirm went through): money moved or an account was
        /// issued, whatever refunds came after.
        public var isApproved: Bool {
            switch self {
            case .waitingForDeposit, .done, .canceled, .partialCanceled: true
            case .ready, .inProgress, .aborted, .expired, .unknown: false
            }
        }

        public var tossValue: String {
            switch self {
            case .ready: "READY"
            case .inProgress: "IN_PROGRESS"
            case .waitingForDeposit: "WAITING_FOR_DEPOSIT"
            case .done: "DONE"
            case .canceled: "CANCELED"
            case .partialCanceled: "PARTIAL_CANCELED"
            case .aborted: "ABORTED"
            case .expired: "EXPIRED"
            case .unknown(let value): value
            }
        }
    }

    public struct VirtualAccount: Sendable, Equatable {
        public var bankCode: String
        public var bankName: String
        public var accountNumber: String
        public var customerName: String?
        /// Toss's `dueDate`, as sent.
        public var dueDate: String
        public var expired: Bool
        public init(bankCode: String, bankName: String, accountNumber: String, customerName: String?, dueDate: String, expired: Bool) {
            self.bankCode = bankCode
            self.bankName = bankName
            self.accountNumber = accountNumber
            self.customerName = customerName
            self.dueDate = dueDate
            self.expired = expired
        }
    }

    public var paymentKey: String
    public var orderId: String
    public var status: Status
    /// Toss's Korean method name (카드, 가상계좌, 간편결제, 계좌이체…).
    public var method: String?
    /// The order amount Toss charged against (never changes).
    public var totalAmount: Int
    /// What can still be refunded.
    public var balanceAmount: Int
    /// The part of `totalAmount` paid from the provider's own points, coupons or instant discounts (Toss's
    /// `easyPay.discountAmount`: 토스포인트 and the like). It is a means of payment, not a price cut: a refund
    /// returns it as points. The rest, `paidAmount`, came from the card, account or balance.
    public var discount: Int
    /// What has been refunded so far, all means together (the sum of the provider's cancels).
    public var refundedAmount: Int
    /// The part of `refundedAmount` that went back as points (Toss's cancels' `easyPayDiscountAmount`);
    /// `refundedAmount - pointsRefunded` went back to the card, account or balance.
    public var pointsRefunded: Int
    public var approvedAt: String?
    public var cardCompany: String?
    /// Toss's masked card number, e.g. `12345678****000*`.
    public var cardNumber: String?
    public var easyPayProvider: String?
    public var transferBank: String?
    public var virtualAccount: VirtualAccount?
    /// The per-payment secret webhooks must echo (virtual accounts).
    public var secret: String?
    public var failureCode: String?
    public var failureMessage: String?
    /// The provider's raw JSON, kept for audit.
    public var rawJSON: String

    /// `totalAmount - discount` (what the card, account or balance paid), or 0 when a provider's numbers would overflow (they then match no order).
    public var paidAmount: Int {
        let (paid, overflow) = totalAmount.subtractingReportingOverflow(discount)
        return overflow ? 0 : paid
    }

    public init(paymentKey: String, orderId: String, status: Status, method: String?, totalAmount: Int, balanceAmount: Int,
                discount: Int = 0, refundedAmount: Int = 0, pointsRefunded: Int = 0, approvedAt: String? = nil, cardCompany: String? = nil, cardNumber: String? = nil,
                easyPayProvider: String? = nil, transferBank: String? = nil, virtualAccount: VirtualAccount? = nil,
                secret: String? = nil, failureCode: String? = nil, failureMessage: String? = nil, rawJSON: String = "{}") {
        self.paymentKey = paymentKey
        self.orderId = orderId
        self.status = status
        self.method = method
        self.totalAmount = totalAmount
        self.balanceAmount = balanceAmount
        self.discount = discount
        self.refundedAmount = refundedAmount
        self.pointsRefunded = pointsRefunded
        self.approvedAt = approvedAt
        self.cardCompany = cardCompany
        self.cardNumber = cardNumber
        self.easyPayProvider = easyPayProvider
        self.transferBank = transferBank
        self.virtualAccount = virtualAccount
        self.secret = secret
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.rawJSON = rawJSON
    }
}

/// Why a payment call failed, in terms of what the order flow must do next.
public struct PaymentError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The provider refused for good (card rejected, expired session, bad amount): fail the order.
        case rejected
        /// Already approved (a second confirm): look the payment up and treat it as done.
        case alreadyProcessed
        /// Already canceled (a second cancel): nothing more to refund.
        case alreadyCanceled
        /// The provider knows no such payment.
        case notFound
        /// The answer was lost or the provider failed temporarily: the outcome is unknown; reconcile later.
        case unknownOutcome
        /// Our own setup is wrong (bad key, bad request): an operator must look.
        case misconfigured
    }

    public var kind: Kind
    /// The provider's error code (e.g. Toss's `REJECT_CARD_COMPANY`), or ours (`TIMEOUT`, `NETWORK`).
    public var code: String
    /// The provider's message, safe to log; pages show their own Korean text per code.
    public var message: String

    public init(_ kind: Kind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
