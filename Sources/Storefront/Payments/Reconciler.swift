import Foundation
import PluginKit
import Synchronization

/// Settles orders the request path could not: confirms whose answer was lost (CONFIRMING), payments
/// never started (PENDING past 30 minutes) and virtual accounts past their due date. Runs at startup
/// and then every minute; each pass is safe to repeat because every change is a compare-and-set.
public struct Reconciler: Sendable {
    let flow: PaymentFlow
    let confirmingAfter: TimeInterval
    let pendingAfter: TimeInterval
    let attempts: ConfirmAttempts

    /// `maxConfirmAttempts` bounds the confirms the reconciler sends per order (the success redirect's is the first).
    public init(flow: PaymentFlow, confirmingAfter: TimeInterval = 60, pendingAfter: TimeInterval = 30 * 60,
                maxConfirmAttempts: Int = 10) {
        self.flow = flow
        self.confirmingAfter = confirmingAfter
        self.pendingAfter = pendingAfter
        self.attempts = ConfirmAttempts(limit: maxConfirmAttempts)
    }

    /// What one pass changed, for logs and tests.
    public struct Pass: Sendable, Equatable {
        public var settled = 0
        public var expired = 0
    }

    public func runOnce(now: Date = Date()) async -> Pass {
        var pass = Pass()
        let orders = flow.orders, database = flow.database
        let confirming = (try? await database.read { db in
            try orders.list(db, status: .confirming, updatedBefore: now.addingTimeInterval(-confirmingAfter))
        }) ?? []
        attempts.keep(only: Set(confirming.map(\.orderId)))
        for order in confirming where await settleConfirming(order) { pass.settled += 1 }

        let stale = (try? await database.read { db in
            try orders.list(db, status: .pending, updatedBefore: now.addingTimeInterval(-pendingAfter))
        }) ?? []
        for order in stale {
            if case .applied? = try? await database.write({ [orders] db in try orders.transition(db, orderId: order.orderId, from: [.pending], to: .expired) }) {
                pass.expired += 1
            }
        }

        let waiting = (try? await database.read { db in try orders.list(db, status: .waitingForDeposit, updatedBefore: now) }) ?? []
        for order in waiting where await expireIfPastDue(order, now: now) { pass.expired += 1 }
        flow.metrics?.recordReconciled(pass)
        if pass != Pass() { flow.logger.info("reconciled", ["settled": .int(pass.settled), "expired": .int(pass.expired)]) }
        return pass
    }

    /// Asks the provider what became of a confirm, by the key the shop sent (bound to the order when it moved
    /// to CONFIRMING), never another window of the same order, and settles the order by the answer. A payment
    /// still approvable (authenticated, not confirmed) is confirmed again under a fresh idempotency key: Toss
    /// replays a key's stored answer, errors included (TOSS_API.md §1), so asking again under the first key
    /// after a PROVIDER_ERROR would only hear that error again until the 10-minute window expired the payment.
    /// A fresh key cannot charge twice: Toss approves a payment key once and answers ALREADY_PROCESSED_PAYMENT after.
    func settleConfirming(_ order: Order) async -> Bool {
        guard let method = order.paymentMethod.flatMap({ flow.methods[$0] }) else { return false }
        let record: PaymentRecord?
        do {
            record = try await flow.providerRecord(of: order, method: method)
        } catch {
            flow.logger.warning("reconcile_deferred", ["order_id": .string(order.orderId), "code": .string(error.code)])
            return false
        }
        guard let record else {
            _ = await flow.fail(order, from: [.confirming], code: "NOT_FOUND_PAYMENT", tossMessage: nil)
            return true
        }
        guard record.status == .inProgress || record.status == .ready else {
            _ = await flow.settle(order, with: record)
            return true
        }
        // With a key bound, the record is that payment's. Without one (a confirm sent before keys were bound)
        // the lookup by order id may answer another window: only an authenticated one is confirmed.
        let bound = (try? await flow.database.read({ [payments = flow.payments] db in try payments.boundKey(db, orderId: order.orderId) })) ?? nil
        guard bound != nil || record.status == .inProgress else {
            flow.logger.notice("reconcile_deferred", ["order_id": .string(order.orderId), "reason": "unapproved_payment",
                                                     "status": .string(record.status.name)])
            return false
        }
        guard let attempt = attempts.next(order.orderId) else {
            // Toss expires the payment 10 minutes after authentication; a later pass's lookup then fails the order.
            flow.logger.warning("reconcile_deferred", ["order_id": .string(order.orderId), "reason": "attempts_exhausted"])
            return false
        }
        do {
            let confirmed = try await method.confirm(paymentKey: record.paymentKey, orderId: order.orderId, amount: order.totalPrice,
                                                     idempotencyKey: PaymentFlow.confirmKey(orderId: order.orderId, attempt: attempt))
            _ = await flow.settle(order, with: confirmed)
            return true
        } catch {
            if case .confirming = await flow.confirmFailed(order, method: method, error: error) {
                flow.logger.warning("reconcile_deferred", ["order_id": .string(order.orderId), "code": .string(error.code),
                                                           "attempt": .int(attempt)])
                return false
            }
            return true
        }
    }

    /// A virtual account past its due date expires (stock returns) unless the provider says it was paid.
    /// The shop's own account (a `DepositRecordingMethod`) takes deposits for ever, so its payment is withdrawn at
    /// the method first: a deposit an operator matches at the same moment either lands before, and the order is
    /// paid, or is refused (`BankDeposits.match`), never recorded on an expired order.
    func expireIfPastDue(_ order: Order, now: Date) async -> Bool {
        guard let payment = try? await flow.database.read({ [payments = flow.payments] db in try payments.find(db, orderId: order.orderId) }),
              let due = payment.virtualAccountDueDate.flatMap(ProviderTimestamp.parse), due < now else { return false }
        let method = order.paymentMethod.flatMap { flow.methods[$0] }
        if let method, let record = try? await method.status(paymentKey: payment.paymentKey), record.status == .done {
            _ = await flow.settle(order, with: record)
            return false
        }
        var withdrawn: PaymentRecord?
        if let method = method as? any DepositRecordingMethod {
            do {
                withdrawn = try await method.cancel(paymentKey: payment.paymentKey, reason: "입금 기한 만료", amount: nil,
                                                    destination: nil, idempotencyKey: "expire-\(order.orderId)")
            } catch {
                // The deposit was recorded first (or the method did not answer): settle what it says, or try again later.
                if let record = try? await method.status(paymentKey: payment.paymentKey), record.status == .done {
                    _ = await flow.settle(order, with: record)
                }
                return false
            }
        }
        if case .applied? = try? await flow.database.write({ [orders = flow.orders, payments = flow.payments, withdrawn] db in
            if let withdrawn { _ = try payments.save(db, StoredPayment(withdrawn, order: order)) }
            return try orders.transition(db, orderId: order.orderId, from: [.waitingForDeposit], to: .expired)
        }) {
            return true
        }
        return false
    }

    /// Runs passes until the task is cancelled.
    public func run(every interval: Duration = .seconds(60)) async {
        while !Task.isCancelled {
            _ = await runOnce()
            try? await Task.sleep(for: interval)
        }
    }
}

/// How many confirms each order has had, so that each one the reconciler sends has a key of its own.
///
/// Guarantees: `next` never hands out the same number twice for an order while this process runs, and
/// nothing past the limit. Kept in memory: after a restart the numbers start again at 2, and the first
/// confirm then replays what Toss stored for that key (harmless), the next pass moves on to a fresh one.
final class ConfirmAttempts: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The next attempt for `orderId` (2 first: the success redirect's confirm was 1), or nil past the limit.
    func next(_ orderId: String) -> Int? {
        counts.withLock { counts in
            let attempt = (counts[orderId] ?? 1) + 1
            guard attempt <= limit else { return nil }
            counts[orderId] = attempt
            return attempt
        }
    }

    /// Forgets orders no longer confirming, so the map holds only what a pass still works on.
    func keep(only orderIds: Set<String>) {
        counts.withLock { counts in counts = counts.filter { orderIds.contains($0.key) } }
    }
}
