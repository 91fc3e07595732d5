import PluginKit

/// What the shop knows of one payment, whichever provider took it: a row of `toss_payment` (the seed's name, kept
/// so its data maps over one to one; it holds every provider's payments), keyed by the provider's payment key.
/// The provider is the one offering the order's method (`web_payment.payment_method`); the receipt is the
/// provider's own lines plus the amounts and the deposit slip, which the shop words itself.
public struct StoredPayment: Sendable, Equatable {
    /// Where a payment stands: `PaymentRecord.Status`'s names, as stored in `toss_payment.status` (its CHECK lists
    /// these). A status a provider cannot map is stored as `aborted`.
    public enum Status: String, Sendable, CaseIterable, Codable {
        case ready = "READY"
        case inProgress = "IN_PROGRESS"
        case waitingForDeposit = "WAITING_FOR_DEPOSIT"
        case done = "DONE"
        case canceled = "CANCELED"
        case partialCanceled = "PARTIAL_CANCELED"
        case aborted = "ABORTED"
        case expired = "EXPIRED"

        /// The lifecycle order (TOSS_API.md §4.5, which every provider's mapping follows): a payment never moves
        /// to a lower rank.
        var rank: Int {
            switch self {
            case .ready: 0
            case .inProgress: 1
            case .waitingForDeposit: 2
            case .done: 3
            case .partialCanceled: 4
            case .canceled, .aborted, .expired: 5
            }
        }
    }

    public var paymentKey: String
    public var orderId: String
    /// The provider's Korean name of the means ("카드", "가상계좌", "무통장입금", …), when it sent one.
    public var method: String?
    public var currency: String
    public var totalPrice: Int
    public var totalAmount: Int
    public var balanceAmount: Int
    public var discount: Int
    public var customerName: String?
    public var customerPhone: String?
    public var status: Status
    /// The provider's `approvedAt`, as sent (`yyyy-MM-ddTHH:mm:ss+09:00`).
    public var approvedAt: String?
    /// The account the shopper pays into (`PaymentRecord.VirtualAccount`): bank, number, the name it was issued
    /// to (`virtualAccountHolder`, the seed's column for Toss's `customerName`: who deposits), whose account it
    /// is (`virtualAccountOwner`, 예금주; nil for a provider's virtual account, shown under the merchant's name)
    /// and the deadline.
    public var virtualAccountBank: String?
    public var virtualAccountNumber: String?
    public var virtualAccountHolder: String?
    public var virtualAccountOwner: String?
    public var virtualAccountDueDate: String?
    /// The provider's per-payment `secret`, which deposit webhooks must echo.
    public var secret: String?
    /// The raw JSON the provider answered with, kept for audits.
    public var rawResponse: String?
    /// What has been refunded (all means together), and the part of it that went back as points
    /// (`PaymentRecord.pointsRefunded`). `discount` is the part paid with points, `totalAmount` the rest.
    public var refundedAmount: Int
    public var pointsRefunded: Int
    /// Where the money came from, in the receipt's words (`PaymentRecord.paidFrom`): where a refund goes back.
    public var paidFrom: String?
    /// The provider's lines for the receipt (`PaymentRecord.receiptLines`), stored as a JSON array of
    /// `[label, value]`; empty when it gave none.
    public var receiptLines: [PaymentRecord.ReceiptLine]

    public init(paymentKey: String, orderId: String, method: String? = nil, currency: String = "KRW",
                totalPrice: Int, totalAmount: Int, balanceAmount: Int, discount: Int = 0,
                customerName: String? = nil, customerPhone: String? = nil, status: Status,
                approvedAt: String? = nil, virtualAccountBank: String? = nil, virtualAccountNumber: String? = nil,
                virtualAccountHolder: String? = nil, virtualAccountOwner: String? = nil, virtualAccountDueDate: String? = nil,
                secret: String? = nil, rawResponse: String? = nil, refundedAmount: Int = 0, pointsRefunded: Int = 0,
                paidFrom: String? = nil, receiptLines: [PaymentRecord.ReceiptLine] = []) {
        self.paymentKey = paymentKey
        self.orderId = orderId
        self.method = method
        self.currency = currency
        self.totalPrice = totalPrice
        self.totalAmount = totalAmount
        self.balanceAmount = balanceAmount
        self.discount = discount
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.status = status
        self.approvedAt = approvedAt
        self.virtualAccountBank = virtualAccountBank
        self.virtualAccountNumber = virtualAccountNumber
        self.virtualAccountHolder = virtualAccountHolder
        self.virtualAccountOwner = virtualAccountOwner
        self.virtualAccountDueDate = virtualAccountDueDate
        self.secret = secret
        self.rawResponse = rawResponse
        self.refundedAmount = refundedAmount
        self.pointsRefunded = pointsRefunded
        self.paidFrom = paidFrom
        self.receiptLines = receiptLines
    }

    /// True when `stored` already reflects a later moment of the same payment than this record.
    func isOlder(than stored: StoredPayment) -> Bool {
        balanceAmount > stored.balanceAmount || status.rank < stored.status.rank
    }

    /// True when this view is `stored`'s deposit taken back (입금 오류): DONE with nothing refunded, now
    /// WAITING_FOR_DEPOSIT for the same balance. Whether it is the newer view only the provider's answer can say.
    func reversesDeposit(of stored: StoredPayment) -> Bool {
        stored.status == .done && status == .waitingForDeposit && balanceAmount == stored.balanceAmount
            && stored.balanceAmount == stored.totalAmount
    }
}
