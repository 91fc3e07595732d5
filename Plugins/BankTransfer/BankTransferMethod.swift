import Foundation
import PluginKit

/// 무통장입금 to the shop's own account: no window, no provider server. Confirming issues the account, the exact
/// amount and a deadline (WAITING_FOR_DEPOSIT); the shop records the deposit when an operator matches it (DONE);
/// a refund after the deposit is recorded for the operator to pay by transfer, to the account the shopper names.
///
/// Guarantees: every call is idempotent per idempotency key (its first answer is kept in the ledger and replayed);
/// one payment per order, keyed `bt_ORDERID`; a deposit of another amount is refused; refunds never exceed what
/// was paid; the refund account's number is kept in full only in the payment's own ledger entry and only until the
/// operator records the transfer (then masked), and never in a record's raw JSON or a replayed answer.
public struct BankTransferMethod: DepositRecordingMethod {
    public let id = "banktransfer.account"
    public let displayName = "무통장입금"
    let account: BankTransferOptions
    let ledger: any PaymentLedger
    let now: @Sendable () -> Date

    public init(account: BankTransferOptions, ledger: any PaymentLedger, now: @escaping @Sendable () -> Date = Date.init) {
        self.account = account
        self.ledger = ledger
        self.now = now
    }

    static func paymentKey(orderId: String) -> String { "bt_" + orderId }

    public func browserStep(for order: PaymentOrder) -> BrowserStep { .none(paymentKey: Self.paymentKey(orderId: order.orderId)) }

    public func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await once(idempotencyKey) { () throws(PaymentError) in
            guard paymentKey == Self.paymentKey(orderId: orderId), amount > 0 else {
                throw PaymentError(.rejected, code: "INVALID_REQUEST", message: "not this order's payment key or amount")
            }
            let due = Date(timeInterval: TimeInterval(account.validHours) * 3600, since: now())
            let fresh = BankTransferPayment(paymentKey: paymentKey, orderId: orderId, amount: amount, balance: amount,
                                            status: PaymentRecord.Status.waitingForDeposit.name, dueDate: Self.timestamp(due))
            if try await ledger.store(Self.paymentEntry(paymentKey), fresh.encoded(), replacing: nil) { return (fresh.record(account), fresh) }
            // Issued already (another instance, another key): the same order and amount get the same account.
            guard let existing = try await load(paymentKey), existing.orderId == orderId, existing.amount == amount else {
                throw PaymentError(.rejected, code: "INVALID_REQUEST", message: "the payment was issued for another amount")
            }
            throw PaymentError(.alreadyProcessed, code: "ALREADY_PROCESSED_PAYMENT", message: "the account was issued already")
        }
    }

    public func recordDeposit(paymentKey: String, amount: Int, depositor: String, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await once(idempotencyKey) { () throws(PaymentError) in
            try await update(paymentKey) { (payment: inout BankTransferPayment) throws(PaymentError) in
                guard payment.status == PaymentRecord.Status.waitingForDeposit.name else {
                    throw PaymentError(.alreadyProcessed, code: "ALREADY_PROCESSED_PAYMENT", message: "the payment is not waiting for a deposit")
                }
                guard amount == payment.amount else {
                    throw PaymentError(.rejected, code: "AMOUNT_MISMATCH", message: "the deposit is \(amount), the payment \(payment.amount)")
                }
                payment.status = PaymentRecord.Status.done.name
                payment.depositor = String(depositor.prefix(40))
                payment.depositedAt = Self.timestamp(now())
            }
        }
    }

    public func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination?,
                       idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await once(idempotencyKey) { () throws(PaymentError) in
            try await update(paymentKey) { (payment: inout BankTransferPayment) throws(PaymentError) in
                let status = PaymentRecord.Status(name: payment.status)
                switch status {
                case .waitingForDeposit:
                    // Nothing was paid: the account is withdrawn, whole.
                    guard amount == nil || amount == payment.balance else {
                        throw PaymentError(.rejected, code: "NOT_CANCELABLE_AMOUNT", message: "before the deposit only the whole order can be canceled")
                    }
                    payment.status = PaymentRecord.Status.canceled.name
                    payment.balance = 0
                case .done, .partialCanceled:
                    guard case .bankAccount(let bank, let number, let holder)? = destination else {
                        throw PaymentError(.rejected, code: "REFUND_ACCOUNT_REQUIRED", message: "a refund after the deposit needs an account")
                    }
                    let refund = amount ?? payment.balance
                    guard refund > 0, refund <= payment.balance else {
                        throw PaymentError(.rejected, code: "NOT_CANCELABLE_AMOUNT", message: "more than the balance")
                    }
                    payment.refunds.append(.init(amount: refund, bankCode: bank, maskedAccount: RefundDestination.masked(number),
                                                 reason: String(reason.prefix(200)), accountNumber: number,
                                                 holderName: String(holder.prefix(40))))
                    payment.balance -= refund
                    payment.status = (payment.balance == 0 ? PaymentRecord.Status.canceled : .partialCanceled).name
                case .canceled:
                    throw PaymentError(.alreadyCanceled, code: "ALREADY_CANCELED_PAYMENT", message: "canceled already")
                default:
                    throw PaymentError(.rejected, code: "NOT_CANCELABLE_PAYMENT", message: "the payment cannot be canceled")
                }
            }
        }
    }

    public func refundTransfers(paymentKey: String) async throws(PaymentError) -> [RefundTransfer] {
        guard let payment = try await load(paymentKey) else { return [] }
        return payment.refunds.enumerated().map { index, refund in
            RefundTransfer(index: index, amount: refund.amount, bankCode: refund.bankCode ?? "",
                           accountNumber: refund.accountNumber ?? refund.maskedAccount ?? "", holderName: refund.holderName ?? "",
                           reason: refund.reason, transferredAt: refund.transferredAt)
        }
    }

    public func recordRefundTransfer(paymentKey: String, index: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await once(idempotencyKey) { () throws(PaymentError) in
            try await update(paymentKey) { (payment: inout BankTransferPayment) throws(PaymentError) in
                guard payment.refunds.indices.contains(index) else {
                    throw PaymentError(.notFound, code: "NOT_FOUND_REFUND", message: "no such refund")
                }
                guard payment.refunds[index].transferredAt == nil else {
                    throw PaymentError(.alreadyProcessed, code: "ALREADY_TRANSFERRED", message: "the transfer was recorded already")
                }
                payment.refunds[index].transferredAt = Self.timestamp(now())
                payment.refunds[index].accountNumber = nil
            }
        }
    }

    /// After the deposit the money came from an account only the shopper knows: a refund must name it.
    public func refundNeedsDestination(status: PaymentRecord.Status) -> Bool { status == .done || status == .partialCanceled }

    public var refundBanks: [RefundBank] { BankTransferBanks.all }

    /// Every payment of this method is approved once it exists (the account was issued), so the order's one is
    /// the only one that can have settled it.
    public func status(orderId: String) async throws(PaymentError) -> PaymentRecord? {
        try await status(paymentKey: Self.paymentKey(orderId: orderId))
    }

    public func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord? {
        try await load(paymentKey)?.record(account)
    }

    // MARK: The ledger

    static func paymentEntry(_ paymentKey: String) -> String { "banktransfer/payment/\(paymentKey)" }
    static func operationEntry(_ key: String) -> String { "banktransfer/op/\(key)" }

    func load(_ paymentKey: String) async throws(PaymentError) -> BankTransferPayment? {
        guard let text = try await ledger.value(Self.paymentEntry(paymentKey)) else { return nil }
        guard let payment = BankTransferPayment.decoded(text) else {
            throw PaymentError(.misconfigured, code: "LEDGER_UNREADABLE", message: "the ledger entry of a payment is unreadable")
        }
        return payment
    }

    /// Applies `change` with a compare-and-set, reading again when another writer got there first.
    func update(_ paymentKey: String, _ change: (inout BankTransferPayment) throws(PaymentError) -> Void) async throws(PaymentError) -> (PaymentRecord, BankTransferPayment) {
        for _ in 0..<5 {
            guard let before = try await ledger.value(Self.paymentEntry(paymentKey)) else {
                throw PaymentError(.notFound, code: "NOT_FOUND_PAYMENT", message: "no such payment")
            }
            guard var payment = BankTransferPayment.decoded(before) else {
                throw PaymentError(.misconfigured, code: "LEDGER_UNREADABLE", message: "the ledger entry of a payment is unreadable")
            }
            try change(&payment)
            if try await ledger.store(Self.paymentEntry(paymentKey), payment.encoded(), replacing: before) { return (payment.record(account), payment) }
        }
        throw PaymentError(.unknownOutcome, code: "CONFLICT", message: "the payment kept changing; try again")
    }

    /// Runs `body` once per idempotency key: its record, or its error, is kept and replayed to a repeat.
    func once(_ key: String, _ body: () async throws(PaymentError) -> (PaymentRecord, BankTransferPayment)) async throws(PaymentError) -> PaymentRecord {
        let entry = Self.operationEntry(key)
        if let stored = try await ledger.value(entry), let replay = BankTransferOutcome.decoded(stored) {
            return try replay.answer(account)
        }
        do {
            let (record, payment) = try await body()
            _ = try await ledger.store(entry, BankTransferOutcome(payment: payment).encoded(), replacing: nil)
            return record
        } catch where error.kind != .unknownOutcome {
            // A refusal is the answer too (the provider convention): the same key never succeeds later.
            _ = try? await ledger.store(entry, BankTransferOutcome(error: error).encoded(), replacing: nil)
            throw error
        }
    }

    static func timestamp(_ date: Date) -> String {
        var format = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 9 * 3600) ?? .gmt)
        format = format.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        return format.format(date)
    }
}
