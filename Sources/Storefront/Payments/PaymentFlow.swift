import Logging
import Synchronization
import Database
import Foundation
import PluginKit

/// Moves orders through payment, as DESIGN.md's state machine says, with every state change in one
/// transaction guarded by compare-and-set on the order's status.
///
/// Guarantees:
/// - The amount the browser brings back is compared with the stored total; a mismatch fails the order
///   without calling the provider, and confirm always sends the stored amount.
/// - Only the request that wins PENDING→CONFIRMING calls `confirm`; a second callback, a refresh or a
///   double click waits for that outcome and shows the same receipt (one charge, one payment row).
/// - A confirm whose answer is lost leaves the order CONFIRMING for the reconciler; nothing is guessed.
/// - The key sent to confirm is bound to the order in the move to CONFIRMING, and is the order's payment for
///   good: a second window of the same order (back and 결제하기 again, two tabs) never replaces it, whatever
///   a lookup by order id or a webhook says about that window. The provider is asked by that key.
/// - An approved payment for another amount than the order's total never marks the order paid.
/// - A deposit Toss takes back (입금 오류) returns a PAID order to WAITING_FOR_DEPOSIT once, only on Toss's own
///   answer for the bound key fetched by a webhook, never on a webhook body or an answer that may predate the deposit.
/// - Refunds use idempotency keys derived from the order, so a repeated cancel refunds once; two cancels of
///   one order at once in this process make one provider call and both see its outcome.
public struct PaymentFlow: Sendable {
    let database: any DatabaseWriter
    let orders: OrderRepository
    let payments: PaymentRepository
    let methods: [String: any PaymentMethod]
    /// The providers whose return and webhook routes the shop serves, by name.
    let providers: [String: any PaymentProvider]
    let origin: PublicOrigin
    let logger: Logger
    /// How long a second success callback waits for the first one's confirm before showing "확인 중".
    let confirmWait: Duration
    /// One refund call per order at a time: a double-clicked 주문 취소 waits for the first click's answer.
    let cancels = SingleFlight<Order, ShopError>()
    /// Counts confirms and refunds by outcome, and the reconciler's actions.
    let metrics: ShopMetrics?

    /// `methods` are the ones the checkout offers; `providers` those whose routes are served (a method whose
    /// provider is not among them still returns to `/payments/PROVIDER/return/…`, read by the common convention).
    public init(database: any DatabaseWriter, methods: [any PaymentMethod], providers: [any PaymentProvider] = [], origin: PublicOrigin,
                confirmWait: Duration = .seconds(20), metrics: ShopMetrics? = nil, logger: Logger) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.metrics = metrics
        self.database = database
        self.orders = OrderRepository()
        self.payments = PaymentRepository()
        self.methods = Dictionary(methods.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.origin = origin
        self.confirmWait = confirmWait
        self.logger = logger
    }

    /// What the shopper sees after a payment step.
    public enum Outcome: Sendable, Equatable {
        /// PAID or WAITING_FOR_DEPOSIT: show the receipt.
        case settled(Order, StoredPayment?)
        /// The provider's answer is not known yet: show the order, which the reconciler will settle.
        case confirming(Order)
        /// The payment did not go through; `order` is nil when the order id was not the shopper's.
        case failed(Order?, code: String, message: String)
    }

    // MARK: Starting a payment

    /// What the payment page does for a freshly placed order; the window returns to the method's provider's routes.
    public func browserStep(for order: Order) -> BrowserStep? {
        guard let id = order.paymentMethod, let method = methods[id] else { return nil }
        let base = origin.value + "/payments/" + method.providerName
        return method.browserStep(for: PaymentOrder(
            orderId: order.orderId, orderName: order.orderName, amount: order.totalPrice,
            customerName: order.customerName, customerPhone: order.customerPhone,
            successURL: base + "/return/success", failURL: base + "/return/fail"))
    }

    public func displayName(for id: String?) -> String {
        id.flatMap { methods[$0]?.displayName } ?? PaymentMethodNames.displayName(for: id)
    }

    // MARK: The success redirect

    /// Handles `successUrl?paymentKey&orderId&amount`. Every value is untrusted.
    public func confirm(userId: Int, orderId: String, paymentKey: String, amount: String) async -> Outcome {
        let outcome = await confirmOnce(userId: userId, orderId: orderId, paymentKey: paymentKey, amount: amount)
        metrics?.recordConfirm(outcome, knownMethods: methods)
        return outcome
    }

    private func confirmOnce(userId: Int, orderId: String, paymentKey: String, amount: String) async -> Outcome {
        guard OrderIdentifier.isValid(orderId), !paymentKey.isEmpty, paymentKey.utf8.count <= 200,
              let order = try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) }), order.userId == userId else {
            return .failed(nil, code: PaymentFailureMessage.invalidOrderCode,
                           message: PaymentFailureMessage.text(code: PaymentFailureMessage.invalidOrderCode, tossMessage: nil))
        }
        switch order.status {
        case .paid, .waitingForDeposit, .confirming:
            return await settledOrWaiting(order)
        case .failed, .canceled, .expired:
            let code = order.status == .expired ? PaymentFailureMessage.expiredOrderCode : PaymentFailureMessage.invalidOrderCode
            return .failed(order, code: code, message: PaymentFailureMessage.text(code: code, tossMessage: nil))
        case .pending:
            break
        }
        // Toss signs nothing in the redirect: the amount must equal what we stored, digit for digit.
        guard let claimed = Int(amount), String(claimed) == amount, claimed == order.totalPrice else {
            logger.warning("payment_amount_mismatch", ["order_id": .string(orderId), "claimed": .string(String(amount.prefix(20))),
                                                       "stored": .int(order.totalPrice)])
            return await fail(order, code: PaymentFailureMessage.amountMismatchCode, tossMessage: nil)
        }
        guard let methodId = order.paymentMethod, let method = methods[methodId] else {
            return await fail(order, code: "NOT_SUPPORTED_METHOD", tossMessage: "사용할 수 없는 결제 수단입니다.")
        }
        // The compare-and-set that makes the second callback a reader instead of a second charge; the key it
        // confirms is bound to the order in the same transaction, so the reconciler knows which payment to ask about.
        let bound = StoredPayment(paymentKey: paymentKey, orderId: orderId, totalPrice: order.totalPrice,
                                      totalAmount: order.totalPrice, balanceAmount: order.totalPrice, customerName: order.customerName,
                                      customerPhone: order.customerPhone, status: .inProgress)
        let moved: OrderTransitionOutcome
        do {
            moved = try await database.write { [orders, payments] db in
                let outcome = try orders.transition(db, orderId: orderId, from: [.pending], to: .confirming)
                if case .applied = outcome, try payments.save(db, bound) == .otherPayment { throw PaymentKeyTaken() }
                return outcome
            }
        } catch is PaymentKeyTaken {
            logger.warning("payment_key_refused", ["order_id": .string(orderId), "reason": "bound_elsewhere"])
            return .failed(order, code: PaymentFailureMessage.invalidOrderCode,
                           message: PaymentFailureMessage.text(code: PaymentFailureMessage.invalidOrderCode, tossMessage: nil))
        } catch {
            return await settledOrWaiting((try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) })) ?? order)
        }
        guard case .applied(let confirming) = moved else { return await settledOrWaiting(moved.order) }
        do {
            let record = try await method.confirm(paymentKey: paymentKey, orderId: orderId, amount: confirming.totalPrice,
                                                  idempotencyKey: Self.confirmKey(orderId: orderId, attempt: 1))
            return await settle(confirming, with: record)
        } catch {
            return await confirmFailed(confirming, method: method, error: error)
        }
    }

    /// The Idempotency-Key of an order's `attempt`th confirm: derived from the order, so a retry of one attempt
    /// (a double click, another instance) replays its answer; each attempt has its own, so one that Toss answered
    /// with a stored error is not asked again (TOSS_API.md §1).
    static func confirmKey(orderId: String, attempt: Int) -> String {
        attempt <= 1 ? "confirm-\(orderId)" : "confirm-\(orderId)-\(attempt)"
    }

    /// What a failed confirm means for the order, by `PaymentErrorTable` (the request path and the reconciler alike).
    func confirmFailed(_ order: Order, method: any PaymentMethod, error: PaymentError) async -> Outcome {
        let action = PaymentErrorTable.action(.confirm, for: error)
        logger.warning("payment_confirm_error", ["order_id": .string(order.orderId), "code": .string(error.code),
                                                 "action": .string(action.rawValue)])
        switch action {
        case .treatAsDone:
            // Someone (a retry, the reconciler, another window) confirmed already: the provider's view is the truth.
            if let record = try? await providerRecord(of: order, method: method) { return await settle(order, with: record) }
            return .confirming(order)
        case .retryLater:
            return .confirming(order)
        case .fail, .shopperMustAct:
            return await fail(order, from: [.confirming], code: error.code, tossMessage: error.message)
        }
    }

    /// What the provider says of the order's payment: asked by key whenever one is known (the key bound to
    /// the order, else `named`, a webhook's), because a lookup by order id may meet another window of the
    /// same order; by order id only for an order no confirm was sent for. nil when the provider knows none.
    func providerRecord(of order: Order, method: any PaymentMethod, named: String? = nil) async throws(PaymentError) -> PaymentRecord? {
        let bound: String?
        do {
            bound = try await database.read { [payments] db in try payments.boundKey(db, orderId: order.orderId) }
        } catch {
            // Not knowing the bound key, a lookup by order id could meet another window: settle nothing now.
            throw PaymentError(.unknownOutcome, code: "BOUND_KEY_UNREADABLE", message: "the order's payment key could not be read")
        }
        guard let key = bound ?? named else { return try await method.status(orderId: order.orderId) }
        guard let record = try await method.status(paymentKey: key), record.orderId == order.orderId else { return nil }
        return record
    }

    /// Records the provider's answer and moves the order to where it says, in one transaction. A record of
    /// another payment than the order's bound one, or an approval for another amount, changes nothing.
    /// `reversingDeposit` (a webhook that asked the provider by the order's bound key after reading the order PAID)
    /// lets a PAID order whose deposit Toss took back (입금 오류) wait for the deposit again, with a `deposit.reversed` event;
    /// any other caller's WAITING_FOR_DEPOSIT may predate the deposit (a confirm's answer) and changes nothing.
    /// `alsoWhenPaid` runs inside the write that makes the order PAID (and only then), so a record of who made it
    /// so (the back office's audit entry) commits with the change or not at all.
    func settle(_ order: Order, with record: PaymentRecord, reversingDeposit: Bool = false,
                alsoWhenPaid: (@Sendable (any DatabaseConnection) throws -> Void)? = nil) async -> Outcome {
        guard record.orderId == order.orderId else {
            logger.warning("payment_ignored", ["order_id": .string(order.orderId), "reason": "other_order"])
            return await present(order)
        }
        guard !record.status.isApproved || record.totalAmount == order.totalPrice else {
            logger.warning("payment_amount_mismatch", ["order_id": .string(order.orderId), "claimed": .int(record.totalAmount),
                                                 "stored": .int(order.totalPrice), "source": "provider"])
            return await present(order)
        }
        let target: OrderStatus?
        switch record.status {
        case .done: target = .paid
        case .waitingForDeposit: target = .waitingForDeposit
        case .aborted, .expired: target = .failed
        case .canceled, .partialCanceled:
            // A partial refund leaves the order paid; only a zero balance cancels it.
            if record.balanceAmount > 0 && record.status == .partialCanceled { target = nil }
            else { target = order.status == .paid || order.status == .waitingForDeposit ? .canceled : .failed }
        case .ready, .inProgress, .unknown: target = nil
        }
        let row = StoredPayment(record, order: order)
        do {
            let (updated, reversed) = try await database.write { [orders, payments] db -> (Order?, Bool) in
                let saved = try payments.save(db, row, acceptingDepositReversal: reversingDeposit)
                guard saved != .otherPayment else { return (nil, false) }
                guard let target else { return (try orders.find(db, orderId: order.orderId) ?? order, false) }
                // The stock stays reserved (both statuses hold it) and shipping waits: only PAID ships.
                if target == .waitingForDeposit, reversingDeposit, saved == .saved,
                   case .applied(let waiting) = try orders.transition(db, orderId: order.orderId, from: [.paid],
                                                                     to: .waitingForDeposit, topic: "deposit.reversed") {
                    return (waiting, true)
                }
                let from: Set<OrderStatus> = switch target {
                case .paid: [.confirming, .waitingForDeposit, .pending]
                case .waitingForDeposit: [.confirming, .pending]
                case .canceled: [.paid, .waitingForDeposit]
                default: [.confirming, .pending, .waitingForDeposit]
                }
                let moved = try orders.transition(db, orderId: order.orderId, from: from, to: target)
                if case .applied(let paid) = moved, paid.status == .paid { try alsoWhenPaid?(db) }
                return (moved.order, false)
            }
            if reversed {
                logger.warning("deposit_reversed", ["order_id": .string(order.orderId), "amount": .int(order.totalPrice),
                                                    "action": "hold_shipping_until_deposit"])
            }
            guard let updated else {
                logger.notice("payment_ignored", ["order_id": .string(order.orderId), "reason": "other_payment",
                                                  "status": .string(record.status.name)])
                return await present(order)
            }
            switch updated.status {
            case .paid, .waitingForDeposit, .canceled: return .settled(updated, row)
            case .confirming, .pending: return .confirming(updated)
            case .failed, .expired:
                let code = record.failureCode ?? record.status.name
                return .failed(updated, code: code, message: PaymentFailureMessage.text(code: code, tossMessage: record.failureMessage))
            }
        } catch {
            logger.error("payment_record_error", ["order_id": .string(order.orderId), "error": "\(error)"])
            return .confirming(order)
        }
    }

    /// For a callback that lost the race or came again: wait for the winner, then show what it got.
    func settledOrWaiting(_ order: Order) async -> Outcome {
        var current = order
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: confirmWait)
        while current.status == .confirming, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            guard let fresh = try? await database.read({ [orders] db in try orders.find(db, orderId: order.orderId) }) else { break }
            current = fresh
        }
        return await outcome(of: current)
    }

    /// The order as it stands now, without waiting.
    func present(_ order: Order) async -> Outcome {
        await outcome(of: (try? await database.read({ [orders] db in try orders.find(db, orderId: order.orderId) })) ?? order)
    }

    private func outcome(of current: Order) async -> Outcome {
        switch current.status {
        case .paid, .waitingForDeposit, .canceled:
            return .settled(current, try? await database.read({ [payments] db in try payments.find(db, orderId: current.orderId) }))
        case .confirming, .pending:
            return .confirming(current)
        case .failed, .expired:
            return .failed(current, code: "FAILED", message: PaymentFailureMessage.text(code: "FAILED", tossMessage: nil))
        }
    }

    // MARK: The fail redirect

    /// Handles `failUrl?code&message&orderId`: the order fails and its stock returns; the cart is kept.
    public func fail(userId: Int, orderId: String, code: String, message: String) async -> Outcome {
        let code = String(code.prefix(64)).filter { $0.isLetter || $0.isNumber || $0 == "_" }
        guard OrderIdentifier.isValid(orderId), let order = try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) }), order.userId == userId else {
            return .failed(nil, code: code, message: PaymentFailureMessage.text(code: code, tossMessage: nil))
        }
        // Only a PENDING order can fail from the browser; a paid one stays paid whatever the URL says.
        guard order.status == .pending else { return await settledOrWaiting(order) }
        return await fail(order, code: code, tossMessage: String(message.prefix(200)))
    }

    func fail(_ order: Order, from: Set<OrderStatus> = [.pending], code: String, tossMessage: String?) async -> Outcome {
        let updated = (try? await database.write({ [orders] db in try orders.transition(db, orderId: order.orderId, from: from, to: .failed) }))?.order ?? order
        logger.info("order_failed", ["order_id": .string(order.orderId), "code": .string(code)])
        return .failed(updated, code: code, message: PaymentFailureMessage.text(code: code, tossMessage: tossMessage))
    }
}

/// A success redirect named a payment key already bound to another order.
struct PaymentKeyTaken: Error {}

/// The origin shoppers' browsers use (scheme, host, port), known only once the server has bound its port.
public final class PublicOrigin: Sendable {
    private let storage: Mutex<String>
    public init(_ value: String) { storage = Mutex(value) }
    public var value: String { storage.withLock { $0 } }
    public func set(_ value: String) { storage.withLock { $0 = value } }
}
