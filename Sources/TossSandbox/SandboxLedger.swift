import Foundation
import JSON
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
/// All changes happen under one lock, so two confirms of the same payment cannot both win; with a
/// `SandboxStore` every change is on disk before it is answered, and a new ledger on the same file
/// starts from what the last one knew.
///
/// One payment per window, as at Toss: opening the window twice for one order (back and 결제하기 again,
/// two tabs) gives two payments under one orderId. Only one of them can ever be approved (a confirm of
/// another once one is approved is `DUPLICATED_ORDER_ID`), and a lookup by orderId answers, in this
/// order: the approved one; before any approval, the one last authenticated in its window; else the
/// newest window. TOSS_API.md §4.2 says the lookup is for approved payments and leaves the unapproved
/// case open; this choice never answers a READY window when another was authenticated or approved.
final class SandboxLedger: Sendable {
    private struct State {
        var payments: [String: SandboxPayment] = [:]
        /// orderId → its payment keys, oldest window first.
        var byOrder: [String: [String]] = [:]
        /// Bumped on every change; a payment's last value is its revision on disk.
        var revision = 0
        var clockOffset: TimeInterval = 0
    }

    private let state = Mutex(State())
    private let store: SandboxStore?
    let tossPayDiscount: Int

    /// A ledger in memory only: it lives as long as the process.
    init(tossPayDiscount: Int) {
        self.tossPayDiscount = tossPayDiscount
        store = nil
    }

    /// A ledger kept in `store`, starting from every payment already on file.
    init(tossPayDiscount: Int, store: SandboxStore) throws {
        self.tossPayDiscount = tossPayDiscount
        self.store = store
        let saved = try store.load()
        state.withLock { state in
            for (payment, revision) in saved.sorted(by: { $0.payment.opened < $1.payment.opened }) {
                state.payments[payment.paymentKey] = payment
                state.byOrder[payment.orderId, default: []].append(payment.paymentKey)
                state.revision = max(state.revision, revision)
            }
        }
    }

    var storePath: String? { store?.path }

    var now: Date { Date().addingTimeInterval(state.withLock { $0.clockOffset }) }

    /// Moves the sandbox's clock forward, so tests can pass Toss's deadlines without waiting.
    func advanceClock(by seconds: TimeInterval) { state.withLock { $0.clockOffset += seconds } }

    func open(_ request: WindowRequest) async -> SandboxPayment {
        let now = self.now
        var payment = SandboxPayment(
            paymentKey: SandboxIdentifiers.paymentKey(), orderId: request.orderId, orderName: request.orderName,
            method: request.method, totalAmount: request.amount, balanceAmount: request.amount,
            customerName: request.customerName, successURL: request.successURL, failURL: request.failURL,
            validHours: request.validHours, requestedAt: now)
        if request.method == .tossPay { payment.discount = min(tossPayDiscount, request.amount) }
        let revision = state.withLock { state in
            state.revision += 1
            payment.opened = state.revision
            state.payments[payment.paymentKey] = payment
            state.byOrder[payment.orderId, default: []].append(payment.paymentKey)
            return state.revision
        }
        await persist(payment, revision: revision)
        return payment
    }

    func payment(key: String) -> SandboxPayment? {
        let now = self.now
        return state.withLock { state in
            guard var payment = state.payments[key] else { return nil }
            Self.applyDeadlines(&payment, now: now)
            return payment
        }
    }

    /// The order's payment as `GET /v1/payments/orders/{orderId}` answers it (see the type's comment).
    func payment(orderId: String) -> SandboxPayment? {
        let now = self.now
        return state.withLock { state in
            (state.byOrder[orderId] ?? []).enumerated().compactMap { index, key -> (Int, Int, SandboxPayment)? in
                guard var payment = state.payments[key] else { return nil }
                Self.applyDeadlines(&payment, now: now)
                let rank = payment.isConfirmed ? 2 : payment.authenticatedAt != nil ? 1 : 0
                return (rank, index, payment)
            }.max { ($0.0, $0.1) < ($1.0, $1.1) }?.2
        }
    }

    func all() -> [SandboxPayment] {
        let keys = state.withLock { Array($0.payments.keys) }
        return keys.compactMap { payment(key: $0) }.sorted { $0.requestedAt > $1.requestedAt }
    }

    /// The person pressed approve in the window: READY → IN_PROGRESS. `funding` is what pays a 토스페이
    /// payment beside its points; `usePoints` false pays all of it that way, with no Toss points.
    func authenticate(key: String, funding: SandboxPayment.TossPayFunding = .account,
                      usePoints: Bool = true) async -> Result<SandboxPayment, TossAPIError> {
        await result(key: key) { payment, now, _ in
            guard payment.status == "READY" else { return .sessionExpired }
            payment.status = "IN_PROGRESS"
            payment.authenticatedAt = now
            if payment.method == .tossPay {
                payment.funding = funding
                if !usePoints { payment.discount = 0 }
            }
            return nil
        }
    }

    /// The window failed the payment (card rejected, balance too low): READY → ABORTED.
    func abort(key: String, code: String, message: String) async {
        _ = await result(key: key) { payment, _, _ in
            guard payment.status == "READY" else { return nil }
            payment.status = "ABORTED"
            payment.failure = .init(code: code, message: message)
            return nil
        }
    }

    func confirm(key: String, orderId: String, amount: Int) async -> Result<(SandboxPayment, [SandboxWebhook]), TossAPIError> {
        await result(key: key) { payment, now, siblings in
            switch payment.status {
            case "IN_PROGRESS": break
            case "READY": return .invalidRequest("인증되지 않은 결제입니다. 결제창에서 인증을 먼저 완료해 주세요.")
            case "EXPIRED", "ABORTED": return .sessionExpired
            default: return .alreadyProcessed
            }
            guard payment.orderId == orderId, payment.totalAmount == amount else { return .mismatch }
            // Another window of this order was approved already: one order is charged once.
            if siblings.contains(where: \.isConfirmed) { return .duplicatedOrderId }
            payment.lastTransactionKey = SandboxIdentifiers.transactionKey()
            if payment.method == .virtualAccount {
                // Issued, not paid: approvedAt waits for the deposit (§4.5 "approvedAt nullable"), and the secret
                // DEPOSIT_CALLBACK carries is a virtual account's (§4.1, §6).
                payment.issuedAt = now
                payment.secret = SandboxIdentifiers.secret()
                payment.status = "WAITING_FOR_DEPOSIT"
                payment.virtualAccount = .init(accountNumber: SandboxIdentifiers.accountNumber(), bankCode: "20",
                                               customerName: payment.customerName ?? "구매자",
                                               dueDate: now.addingTimeInterval(TimeInterval(payment.validHours) * 3600))
            } else {
                payment.approvedAt = now
                payment.status = "DONE"
            }
            return nil
        }.map { payment in
            // §6: DEPOSIT_CALLBACK's WAITING_FOR_DEPOSIT means an account was issued; whether PAYMENT_STATUS_CHANGED
            // also fires for it is unconfirmed, so only the callback goes out.
            (payment, payment.status == "DONE" ? [Self.statusChanged(payment)]
                : [.depositCallback(orderId: payment.orderId, secret: payment.secret ?? "", status: payment.status,
                                    transactionKey: payment.lastTransactionKey ?? "")])
        }
    }

    /// A cancel (§4.3). A deposited virtual account is refunded only to the `refundAccount` the request names, and
    /// is refused without one; before the deposit, and for other methods, the account is not needed and is ignored.
    func cancel(key: String, reason: String, amount: Int?,
                refundAccount: SandboxPayment.RefundAccount? = nil) async -> Result<(SandboxPayment, [SandboxWebhook]), TossAPIError> {
        let waitingBefore = payment(key: key)?.status == "WAITING_FOR_DEPOSIT"
        return await result(key: key) { payment, now, _ in
            switch payment.status {
            case "CANCELED": return .alreadyCanceled
            case "DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT": break
            default: return .notCancelablePayment
            }
            let refund = amount ?? payment.balanceAmount
            if payment.status == "WAITING_FOR_DEPOSIT" && refund != payment.balanceAmount { return .partialRefundWaitingDeposit }
            if refund <= 0 && amount != nil { return .invalidRequest("취소 금액은 0보다 커야 합니다.") }
            guard payment.balanceAmount > 0, refund <= payment.balanceAmount else { return .notCancelableAmount }
            if payment.method == .virtualAccount && payment.status != "WAITING_FOR_DEPOSIT" {
                guard let refundAccount else { return .refundAccountRequired }
                payment.virtualAccount?.refundAccount = refundAccount
            }
            let wasPartial = !payment.cancels.isEmpty
            // Toss does not document which means a partial cancel returns first; the sandbox returns the
            // card's or account's part first and the points last, and says so in easyPayDiscountAmount, which
            // is all the shop reads. A full cancel returns whatever is left of each.
            let paidLeft = payment.balanceAmount - Self.pointsLeft(payment)
            let points = max(0, refund - paidLeft)
            payment.balanceAmount -= refund
            let transaction = SandboxIdentifiers.transactionKey()
            payment.cancels.append(.init(amount: refund, reason: reason, canceledAt: now, transactionKey: transaction,
                                         points: points))
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

    /// The dashboard's 입금처리: the order's waiting virtual account (the approved payment, whatever
    /// other windows were opened for the order) is paid in full.
    func deposit(orderId: String) async -> Result<(SandboxPayment, [SandboxWebhook]), TossAPIError> {
        guard let key = payment(orderId: orderId)?.paymentKey else { return .failure(.notFoundPayment) }
        return await result(key: key) { payment, now, _ in
            guard payment.status == "WAITING_FOR_DEPOSIT" else {
                return .invalidRequest("입금 대기 중인 가상계좌가 아닙니다 (상태: \(payment.status)).")
            }
            if payment.virtualAccount?.expired == true { return .invalidRequest("입금 기한이 지난 가상계좌입니다.") }
            payment.status = "DONE"
            payment.approvedAt = now
            payment.lastTransactionKey = SandboxIdentifiers.transactionKey()
            return nil
        }.map { payment in
            (payment, [.depositCallback(orderId: payment.orderId, secret: payment.secret ?? "", status: "DONE",
                                        transactionKey: payment.lastTransactionKey ?? ""),
                       Self.statusChanged(payment)])
        }
    }

    /// The points of a payment not yet returned.
    static func pointsLeft(_ payment: SandboxPayment) -> Int {
        payment.discount - payment.cancels.reduce(0) { $0 + ($1.points ?? 0) }
    }

    /// The dashboard's 입금 오류: Toss takes a deposit back (a mistaken or returned transfer), so the payment is
    /// WAITING_FOR_DEPOSIT again and a DEPOSIT_CALLBACK with that status goes out (TOSS_API.md §6). Only a
    /// deposited virtual account with nothing refunded can be reversed.
    func reverseDeposit(orderId: String) async -> Result<(SandboxPayment, [SandboxWebhook]), TossAPIError> {
        guard let key = payment(orderId: orderId)?.paymentKey else { return .failure(.notFoundPayment) }
        return await result(key: key) { payment, _, _ in
            guard payment.method == .virtualAccount, payment.status == "DONE", payment.cancels.isEmpty else {
                return .invalidRequest("입금 완료된 가상계좌가 아닙니다 (상태: \(payment.status)).")
            }
            payment.status = "WAITING_FOR_DEPOSIT"
            // Unpaid again: approvedAt goes back to null until the next deposit.
            payment.approvedAt = nil
            payment.lastTransactionKey = SandboxIdentifiers.transactionKey()
            return nil
        }.map { payment in
            (payment, [.depositCallback(orderId: payment.orderId, secret: payment.secret ?? "", status: payment.status,
                                        transactionKey: payment.lastTransactionKey ?? "")])
        }
    }

    static func statusChanged(_ payment: SandboxPayment) -> SandboxWebhook {
        .statusChanged(payment: (try? JSONWriter.data(payment.json())) ?? Data("{}".utf8))
    }

    /// Applies Toss's clocks first (expiry is lazy but exact), then the change, which sees the order's other
    /// payments; a change that went through is on disk before this returns.
    private func result(key: String, _ change: (inout SandboxPayment, Date, _ siblings: [SandboxPayment]) -> TossAPIError?)
        async -> Result<SandboxPayment, TossAPIError> {
        let now = self.now
        let outcome = state.withLock { state -> (Result<SandboxPayment, TossAPIError>, revision: Int?) in
            guard var payment = state.payments[key] else { return (.failure(.notFoundPayment), nil) }
            let siblings = (state.byOrder[payment.orderId] ?? []).filter { $0 != key }.compactMap { state.payments[$0] }
            Self.applyDeadlines(&payment, now: now)
            if let error = change(&payment, now, siblings) { return (.failure(error), nil) }
            state.revision += 1
            state.payments[key] = payment
            return (.success(payment), state.revision)
        }
        if case .success(let payment) = outcome.0, let revision = outcome.revision { await persist(payment, revision: revision) }
        return outcome.0
    }

    private func persist(_ payment: SandboxPayment, revision: Int) async {
        guard let store else { return }
        do {
            try await store.save(payment, revision: revision)
        } catch {
            // The answer still goes out (the change happened in memory); the operator must know the file lags.
            FileHandle.standardError.write(Data("toss-sandbox: ledger write to \(store.path) failed: \(error)\n".utf8))
        }
    }

    /// READY for 30 minutes or IN_PROGRESS for 10 without a confirm → EXPIRED; a virtual account past
    /// its due date stays WAITING_FOR_DEPOSIT with `expired: true`, as Toss leaves it.
    static func applyDeadlines(_ payment: inout SandboxPayment, now: Date) {
        switch payment.status {
        case "READY" where now.timeIntervalSince(payment.requestedAt) > 30 * 60,
             "IN_PROGRESS" where now.timeIntervalSince(payment.authenticatedAt ?? payment.requestedAt) > 10 * 60:
            payment.status = "EXPIRED"
            payment.failure = .init(code: "EXPIRED_PAYMENT", message: "결제 유효 시간이 지나 만료되었습니다.")
        case "WAITING_FOR_DEPOSIT":
            if let due = payment.virtualAccount?.dueDate, now > due { payment.virtualAccount?.expired = true }
        default:
            break
        }
    }
}
