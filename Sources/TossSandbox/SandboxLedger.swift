import Foundation
import Synchronization

/// A notification the sandbox owes the merchant's webhook URL after a change (TOSS_API.md §6).
enum SandboxWebhook: Sendable {
    /// `PAYMENT_STATUS_CHANGED` with the whole Payment object in `data` (as JSON bytes).
    case statusChanged(payment: Data)
    /// `DEPOSIT_CALLBACK`: the flat virtual-account body.
    case depositCallback(orderId: String, secret: String, status: String, transactionKey: String)
}

/// What the window page was asked to open, already validated.
struct WindowRequest: Sendable {
    var method: SandboxMethod
    var orderId: String
    var orderName: String
    var amount: Int
    var customerName: String?
    var successURL: String
    var failURL: String
    var validHours: Int
}

/// Every payment the sandbox knows, and the rules Toss applies to them: the state machine, the
/// 30-minute window and 10-minute confirm deadlines, confirm binding, cancel rules, deposits.
/// All changes happen under one lock, so two confirms of the same payment cannot both win.
final class SandboxLedger: Sendable {
    private struct State {
        var payments: [String: SandboxPayment] = [:]
        /// orderId → the newest payment key opened for it.
        var byOrder: [String: String] = [:]
        var clockOffset: TimeInterval = 0
    }

    private let state = Mutex(State())
    let tossPayDiscount: Int

    init(tossPayDiscount: Int) { self.tossPayDiscount = tossPayDiscount }

    var now: Date { Date().addingTimeInterval(state.withLock { $0.clockOffset }) }

    /// Moves the sandbox's clock forward, so tests can pass Toss's deadlines without waiting.
    func advanceClock(by seconds: TimeInterval) { state.withLock { $0.clockOffset += seconds } }

    func open(_ request: WindowRequest) -> SandboxPayment {
        let now = self.now
        var payment = SandboxPayment(
            paymentKey: SandboxIdentifiers.paymentKey(), orderId: request.orderId, orderName: request.orderName,
            method: request.method, totalAmount: request.amount, balanceAmount: request.amount,
            customerName: request.customerName, successURL: request.successURL, failURL: request.failURL,
            validHours: request.validHours, requestedAt: now)
        if request.method == .tossPay { payment.discount = min(tossPayDiscount, request.amount) }
        state.withLock { state in
            state.payments[payment.paymentKey] = payment
            state.byOrder[payment.orderId] = payment.paymentKey
        }
        return payment
    }

    func payment(key: String) -> SandboxPayment? { update(key: key) { _, _ in nil }.flatMap { try? $0.get() } }

    func payment(orderId: String) -> SandboxPayment? {
        guard let key = state.withLock({ $0.byOrder[orderId] }) else { return nil }
        return payment(key: key)
    }

    func all() -> [SandboxPayment] {
        let keys = state.withLock { Array($0.payments.keys) }
        return keys.compactMap { payment(key: $0) }.sorted { $0.requestedAt > $1.requestedAt }
    }

    /// The person pressed approve in the window: READY → IN_PROGRESS.
    func authenticate(key: String) -> Result<SandboxPayment, TossAPIError> {
        result(key: key) { payment, now in
            guard payment.status == "READY" else { return .sessionExpired }
            payment.status = "IN_PROGRESS"
            payment.authenticatedAt = now
            return nil
        }
    }

    /// The window failed the payment (card rejected, balance too low): READY → ABORTED.
    func abort(key: String, code: String, message: String) {
        _ = update(key: key) { payment, _ in
            guard payment.status == "READY" else { return nil }
            payment.status = "ABORTED"
            payment.failure = (code, message)
            return nil
        }
    }

    func confirm(key: String, orderId: String, amount: Int) -> Result<(SandboxPayment, [SandboxWebhook]), TossAPIError> {
        result(key: key) { payment, now in
            switch payment.status {
            case "IN_PROGRESS": break
            case "READY": return .invalidRequest("인증되지 않은 결제입니다. 결제창에서 인증을 먼저 완료해 주세요.")
            case "EXPIRED", "ABORTED": return .sessionExpired
            default: return .alreadyProcessed
            }
            guard payment.orderId == orderId, payment.totalAmount == amount else { return .mismatch }
            payment.approvedAt = now
            payment.secret = SandboxIdentifiers.secret()
            payment.lastTransactionKey = SandboxIdentifiers.transactionKey()
            if payment.method == .virtualAccount {
                payment.status = "WAITING_FOR_DEPOSIT"
                payment.virtualAccount = .init(accountNumber: SandboxIdentifiers.accountNumber(), bankCode: "20",
                                               customerName: payment.customerName ?? "구매자",
                                               dueDate: now.addingTimeInterval(TimeInterval(payment.validHours) * 3600))
            } else {
                payment.status = "DONE"
            }
            return nil
        }.map { payment in
            (payment, payment.status == "DONE" ? [Self.statusChanged(payment)] : [])
        }
    }

    func cancel(key: String, reason: String, amount: Int?) -> Result<(SandboxPayment, [SandboxWebhook]), TossAPIError> {
        let waitingBefore = payment(key: key)?.status == "WAITING_FOR_DEPOSIT"
        return result(key: key) { payment, now in
            switch payment.status {
            case "CANCELED": return .alreadyCanceled
            case "DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT": break
            default: return .notCancelablePayment
            }
            let refund = amount ?? payment.balanceAmount
            if payment.status == "WAITING_FOR_DEPOSIT" && refund != payment.balanceAmount { return .partialRefundWaitingDeposit }
            if refund <= 0 && amount != nil { return .invalidRequest("취소 금액은 0보다 커야 합니다.") }
            guard payment.balanceAmount > 0, refund <= payment.balanceAmount else { return .notCancelableAmount }
            let wasPartial = !payment.cancels.isEmpty
            payment.balanceAmount -= refund
            let transaction = SandboxIdentifiers.transactionKey()
            payment.cancels.append(.init(amount: refund, reason: reason, canceledAt: now, transactionKey: transaction))
            payment.lastTransactionKey = transaction
            payment.status = payment.balanceAmount == 0 && !wasPartial ? "CANCELED" : "PARTIAL_CANCELED"
            return nil
        }.map { payment in
            var events = [Self.statusChanged(payment)]
            if waitingBefore || payment.method == .virtualAccount, let secret = payment.secret {
                events.append(.depositCallback(orderId: payment.orderId, secret: secret, status: payment.status,
                                               transactionKey: payment.lastTransactionKey ?? ""))
            }
            return (payment, events)
        }
    }

    /// The dashboard's 입금처리: a waiting virtual account is paid in full.
    func deposit(orderId: String) -> Result<(SandboxPayment, [SandboxWebhook]), TossAPIError> {
        guard let key = state.withLock({ $0.byOrder[orderId] }) else { return .failure(.notFoundPayment) }
        return result(key: key) { payment, _ in
            guard payment.status == "WAITING_FOR_DEPOSIT" else {
                return .invalidRequest("입금 대기 중인 가상계좌가 아닙니다 (상태: \(payment.status)).")
            }
            if payment.virtualAccount?.expired == true { return .invalidRequest("입금 기한이 지난 가상계좌입니다.") }
            payment.status = "DONE"
            payment.lastTransactionKey = SandboxIdentifiers.transactionKey()
            return nil
        }.map { payment in
            (payment, [.depositCallback(orderId: payment.orderId, secret: payment.secret ?? "", status: "DONE",
                                        transactionKey: payment.lastTransactionKey ?? ""),
                       Self.statusChanged(payment)])
        }
    }

    static func statusChanged(_ payment: SandboxPayment) -> SandboxWebhook {
        .statusChanged(payment: (try? JSONSerialization.data(withJSONObject: payment.json())) ?? Data("{}".utf8))
    }

    private func result(key: String, _ change: (inout SandboxPayment, Date) -> TossAPIError?) -> Result<SandboxPayment, TossAPIError> {
        update(key: key, change) ?? .failure(.notFoundPayment)
    }

    /// Applies Toss's clocks first (expiry is lazy but exact), then the change; nil when the key is unknown.
    private func update(key: String, _ change: (inout SandboxPayment, Date) -> TossAPIError?) -> Result<SandboxPayment, TossAPIError>? {
        let now = self.now
        return state.withLock { state -> Result<SandboxPayment, TossAPIError>? in
            guard var payment = state.payments[key] else { return nil }
            Self.applyDeadlines(&payment, now: now)
            let error = change(&payment, now)
            state.payments[key] = payment
            return error.map { .failure($0) } ?? .success(payment)
        }
    }

    /// READY for 30 minutes or IN_PROGRESS for 10 without a confirm → EXPIRED; a virtual account past
    /// its due date stays WAITING_FOR_DEPOSIT with `expired: true`, as Toss leaves it.
    static func applyDeadlines(_ payment: inout SandboxPayment, now: Date) {
        switch payment.status {
        case "READY" where now.timeIntervalSince(payment.requestedAt) > 30 * 60,
             "IN_PROGRESS" where now.timeIntervalSince(payment.authenticatedAt ?? payment.requestedAt) > 10 * 60:
            payment.status = "EXPIRED"
            payment.failure = ("EXPIRED_PAYMENT", "결제 유효 시간이 지나 만료되었습니다.")
        case "WAITING_FOR_DEPOSIT":
            if let due = payment.virtualAccount?.dueDate, now > due { payment.virtualAccount?.expired = true }
        default:
            break
        }
    }
}
