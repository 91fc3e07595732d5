import Foundation
import PluginKit
import Synchronization

/// A payment method defined only in the tests: it proves the protocol is open to plugin authors, and
/// lets each test script what the provider answers and count what the shop asked.
final class FakePaymentMethod: PaymentMethod {
    enum ConfirmBehaviour: Sendable {
        case approve(PaymentRecord.Status, discount: Int)
        case fail(PaymentError)
    }

    struct State {
        var confirmBehaviour = ConfirmBehaviour.approve(.done, discount: 0)
        var confirmDelay: Duration = .zero
        var confirmCalls: [String] = []
        var cancelCalls: [(key: String, amount: Int?)] = []
        /// How many times the shop asked for a payment's state (by order or by key).
        var lookups = 0
        /// Runs once, after the next lookup by key took its answer and before it returns it (a race's other side).
        var whileAnsweringNextKeyLookup: (@Sendable () async -> Void)?
        /// What a lookup by order id answers.
        var payments: [String: PaymentRecord] = [:]
        /// Every payment the provider holds, by key (an order may have several windows).
        var byKey: [String: PaymentRecord] = [:]
        var processedCancelKeys: [String: PaymentRecord] = [:]
        var cancelDelay: Duration = .zero
        /// How many cancel calls to answer "the same idempotent request is still processing" (409) first.
        var cancelsStillProcessing = 0
        /// What every cancel answers instead of refunding, when set.
        var cancelFailure: PaymentError?
        /// Like Toss's virtual accounts: a deposited (DONE or partly refunded) virtual-account payment is refunded
        /// only to an account the cancel names, and refused without one.
        var refundsNeedAccountAfterDeposit = false
        /// The destination each cancel named, in order.
        var cancelDestinations: [RefundDestination?] = []
        /// The reason each cancel gave.
        var cancelReasons: [String] = []
    }

    static let banks = [RefundBank(code: "88", name: "신한은행"), RefundBank(code: "20", name: "우리은행")]

    /// Every virtual account it issues is due a week after the test run starts: a fixed date would
    /// fall in the past one day and make the reconciler expire accounts the tests expect to be open.
    /// The card an approved payment names on its receipt, and where its refunds go back.
    static let card = "신한 12345678****000*"
    static let dueDate = Date.ISO8601FormatStyle().format(Date().addingTimeInterval(7 * 24 * 3600))

    let id: String
    let displayName: String
    let state = Mutex(State())

    init(id: String = "test.fake", displayName: String = "테스트 결제") {
        self.id = id
        self.displayName = displayName
    }

    var confirmCalls: [String] { state.withLock { $0.confirmCalls } }
    var cancelCallCount: Int { state.withLock { $0.cancelCalls.count } }
    var lookupCount: Int { state.withLock { $0.lookups } }

    func browserStep(for order: PaymentOrder) -> BrowserStep {
        .script(ScriptCall(sdkURL: "/fake-sdk.js", clientKey: "test_ck", customerKey: "@@ANONYMOUS", request: [
            "method": "FAKE", "orderId": order.orderId, "orderName": order.orderName,
            "amount": ["currency": "KRW", "value": order.amount] as [String: any Sendable], "successUrl": order.successURL, "failUrl": order.failURL,
        ]))
    }

    func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        let (behaviour, delay) = state.withLock { state in
            state.confirmCalls.append(idempotencyKey)
            return (state.confirmBehaviour, state.confirmDelay)
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        switch behaviour {
        case .fail(let error):
            throw error
        case .approve(let status, let discount):
            var record = PaymentRecord(paymentKey: paymentKey, orderId: orderId, status: status, method: "카드",
                                       totalAmount: amount, balanceAmount: amount, discount: discount,
                                       approvedAt: "2026-11-25T12:00:00+09:00", paidFrom: Self.card,
                                       receiptLines: [.init("카드", Self.card)])
            if status == .waitingForDeposit {
                record.method = "가상계좌"
                record.paidFrom = nil
                record.receiptLines = []
                record.approvedAt = nil
                record.secret = "ps_secret_\(orderId)"
                record.virtualAccount = .init(bankCode: "20", bankName: "우리", accountNumber: "X1234567890",
                                              customerName: "홍길동", dueDate: Self.dueDate, expired: false)
            }
            state.withLock {
                $0.payments[orderId] = record
                $0.byKey[paymentKey] = record
            }
            return record
        }
    }

    func refundNeedsDestination(status: PaymentRecord.Status) -> Bool {
        state.withLock { $0.refundsNeedAccountAfterDeposit } && (status == .done || status == .partialCanceled)
    }

    var refundBanks: [RefundBank] { state.withLock { $0.refundsNeedAccountAfterDeposit } ? Self.banks : [] }

    func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination?,
                idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        let delay = state.withLock { $0.cancelDelay }
        if delay > .zero { try? await Task.sleep(for: delay) }
        let result: Result<PaymentRecord, PaymentError> = state.withLock { state in
            state.cancelCalls.append((idempotencyKey, amount))
            state.cancelDestinations.append(destination)
            state.cancelReasons.append(reason)
            if state.cancelsStillProcessing > 0 {
                state.cancelsStillProcessing -= 1
                return .failure(PaymentError(.unknownOutcome, code: "IDEMPOTENT_REQUEST_PROCESSING", message: "이전 멱등 요청이 처리중입니다."))
            }
            if let failure = state.cancelFailure { return .failure(failure) }
            if let replay = state.processedCancelKeys[idempotencyKey] { return .success(replay) }
            guard var record = state.byKey[paymentKey] else {
                return .failure(PaymentError(.notFound, code: "NOT_FOUND_PAYMENT", message: "없음"))
            }
            guard record.balanceAmount > 0, record.status != .canceled else {
                return .failure(PaymentError(.alreadyCanceled, code: "ALREADY_CANCELED_PAYMENT", message: "이미 취소"))
            }
            if state.refundsNeedAccountAfterDeposit, record.virtualAccount != nil, record.status != .waitingForDeposit, destination == nil {
                return .failure(PaymentError(.rejected, code: "INVALID_REQUEST", message: "환불 계좌가 필요합니다."))
            }
            let refund = amount ?? record.balanceAmount
            // Like Toss, it says how much of each refund went back as points: this fake returns the card's
            // part first, then the points.
            let cashLeft = record.paidAmount - (record.refundedAmount - record.pointsRefunded)
            record.pointsRefunded += max(0, refund - cashLeft)
            record.refundedAmount += refund
            record.balanceAmount -= refund
            record.status = record.balanceAmount == 0 ? .canceled : .partialCanceled
            state.payments[record.orderId] = record
            state.byKey[paymentKey] = record
            state.processedCancelKeys[idempotencyKey] = record
            return .success(record)
        }
        return try result.get()
    }

    func status(orderId: String) async throws(PaymentError) -> PaymentRecord? {
        state.withLock { state in
            state.lookups += 1
            return state.payments[orderId]
        }
    }

    func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord? {
        let (answer, meanwhile) = state.withLock { state in
            state.lookups += 1
            defer { state.whileAnsweringNextKeyLookup = nil }
            return (state.byKey[paymentKey], state.whileAnsweringNextKeyLookup)
        }
        await meanwhile?()
        return answer
    }

    /// The provider's side changes by itself (a deposit, an authenticated payment, another window).
    /// `answersOrderLookup` false keeps the lookup by order id answering what it did.
    func setProviderRecord(_ record: PaymentRecord, answersOrderLookup: Bool = true) {
        state.withLock { state in
            if answersOrderLookup { state.payments[record.orderId] = record }
            state.byKey[record.paymentKey] = record
        }
    }
}
