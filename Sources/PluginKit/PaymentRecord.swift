/// A provider's account of one payment, reduced to what the shop stores and shows, in terms no provider
/// owns (each plugin decodes its own objects into it). Amounts are integer KRW.
public struct PaymentRecord: Sendable, Equatable {
    /// Where a payment stands, in terms every provider maps its own statuses to (a provider's mapping lives in
    /// its plugin); anything a provider cannot map arrives as `.unknown` instead of failing to decode.
    public enum Status: Sendable, Equatable {
        /// Created, the shopper has not authenticated it yet.
        case ready
        /// Authenticated in the window and waiting for the shop's confirm.
        case inProgress
        /// Approved, the money is to arrive by bank transfer (a virtual account, the shop's own account).
        case waitingForDeposit
        /// Paid in full.
        case done
        /// Refunded or voided to a zero balance.
        case canceled
        /// Partly refunded; `balanceAmount` is what is left.
        case partialCanceled
        /// The window or the approval failed.
        case aborted
        /// Never completed in time (an authentication left unconfirmed, a deposit that never came).
        case expired
        case unknown(String)

        /// Every status but `.unknown`, for tables and tests.
        public static let known: [Status] = [.ready, .inProgress, .waitingForDeposit, .done, .canceled, .partialCanceled, .aborted, .expired]

        /// The status by its stable `name`; an unknown name becomes `.unknown(name)`.
        public init(name: String) {
            self = Self.known.first { $0.name == name } ?? .unknown(name)
        }

        /// The status's stable name, as the shop stores and logs it (`DONE`, `WAITING_FOR_DEPOSIT`, …).
        public var name: String {
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

        /// The provider approved the payment (its confirm went through): money moved or an account was
        /// issued, whatever refunds came after.
        public var isApproved: Bool {
            switch self {
            case .waitingForDeposit, .done, .canceled, .partialCanceled: true
            case .ready, .inProgress, .aborted, .expired, .unknown: false
            }
        }
    }

    /// One line of the receipt, as the provider words it in Korean (`카드` / `현대카드 12345678****000*`,
    /// `간편결제` / `토스페이`, `입금 확인` / …). The shop shows the lines as given, escaped, in order.
    public struct ReceiptLine: Sendable, Equatable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// An account the shopper pays into by bank transfer: a provider's virtual account, or the shop's own account.
    /// The shop shows it as one bank slip whoever issued it: 입금하실 금액 (while waiting), the bank, the number with
    /// a 복사 button, 예금주, 입금자명 and the deadline.
    public struct VirtualAccount: Sendable, Equatable {
        public var bankCode: String
        public var bankName: String
        public var accountNumber: String
        /// The name the account was issued to, which the shopper deposits under (Toss's `customerName`); nil when
        /// the provider names none (the shop then shows the order's customer name).
        public var customerName: String?
        /// Whose account it is, as a bank app shows it (예금주): the shop's own account's holder from its options
        /// (무통장입금). Nil for a provider's virtual account, which banks show under the shop's merchant name.
        public var holderName: String?
        /// The deadline for the deposit, ISO 8601 with its offset (`2026-12-03T23:59:59+09:00`).
        public var dueDate: String
        public var expired: Bool
        public init(bankCode: String, bankName: String, accountNumber: String, customerName: String?, holderName: String? = nil,
                    dueDate: String, expired: Bool) {
            self.bankCode = bankCode
            self.bankName = bankName
            self.accountNumber = accountNumber
            self.customerName = customerName
            self.holderName = holderName
            self.dueDate = dueDate
            self.expired = expired
        }
    }

    public var paymentKey: String
    public var orderId: String
    public var status: Status
    /// The provider's Korean name of the means used (카드, 가상계좌, 무통장입금, 간편결제, 계좌이체…).
    public var method: String?
    /// The order amount the provider charged against (never changes).
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
    /// Where the money came from, in the receipt's words (`현대카드 12345678****000*`, `토스페이`, `신한은행 출금 계좌`):
    /// a refund of what it paid goes back there, and the cancel page says so. Nil when the method's name says
    /// enough, or when a refund goes to an account the shopper names (`refundNeedsDestination`).
    public var paidFrom: String?
    public var virtualAccount: VirtualAccount?
    /// The per-payment secret the provider's webhooks echo, which the shop compares with the one stored
    /// (see `PaymentWebhookEvent.Proof.echoedSecret`); nil when the provider uses none.
    public var secret: String?
    public var failureCode: String?
    public var failureMessage: String?
    /// What the receipt shows about how it was paid, beyond the amounts and the `virtualAccount` slip, which the
    /// shop renders itself (card and number, wallet, bank, a deposit's confirmation); empty when there is nothing.
    public var receiptLines: [ReceiptLine]
    /// The provider's raw JSON, kept for audit (with any refund account number masked).
    public var rawJSON: String

    /// `totalAmount - discount` (what the card, account or balance paid), or 0 when a provider's numbers would overflow (they then match no order).
    public var paidAmount: Int {
        let (paid, overflow) = totalAmount.subtractingReportingOverflow(discount)
        return overflow ? 0 : paid
    }

    public init(paymentKey: String, orderId: String, status: Status, method: String?, totalAmount: Int, balanceAmount: Int,
                discount: Int = 0, refundedAmount: Int = 0, pointsRefunded: Int = 0, approvedAt: String? = nil,
                paidFrom: String? = nil, virtualAccount: VirtualAccount? = nil,
                secret: String? = nil, failureCode: String? = nil, failureMessage: String? = nil, receiptLines: [ReceiptLine] = [],
                rawJSON: String = "{}") {
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
        self.paidFrom = paidFrom
        self.virtualAccount = virtualAccount
        self.secret = secret
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.receiptLines = receiptLines
        self.rawJSON = rawJSON
    }
}

extension [PaymentRecord.ReceiptLine] {
    /// The value of the first line labelled `label`; nil when there is none.
    public func value(_ label: String) -> String? { first { $0.label == label }?.value }
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
    /// The provider's error code (e.g. `REJECT_CARD_COMPANY`), or the plugin's own (`TIMEOUT`, `NETWORK`).
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
