import Foundation
import PluginKit

/// Settles orders the request path could not: confirms whose answer was lost (CONFIRMING), payments
/// never started (PENDING past 30 minutes) and virtual accounts past their due date. Runs at startup
/// and then every minute; each pass is safe to repeat because every change is a compare-and-set.
public struct Reconciler: Sendable {
    let flow: PaymentFlow
    let confirmingAfter: TimeInterval
    let pendingAfter: TimeInterval

    public init(flow: PaymentFlow, confirmingAfter: TimeInterval = 60, pendingAfter: TimeInterval = 30 * 60) {
        self.flow = flow
        self.confirmingAfter = confirmingAfter
        self.pendingAfter = pendingAfter
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
        for order in confirming where await settleConfirming(order) { pass.settled += 1 }

        let stale = (try? await database.read { db in
            try orders.list(db, status: .pending, updatedBefore: now.addingTimeInterval(-pendingAfter))
        }) ?? []
        for order in stale {
            if case .applied? = try? await orders.transition(orderId: order.orderId, from: [.pending], to: .expired) {
                pass.expired += 1
            }
        }

        let waiting = (try? await database.read { db in try orders.list(db, status: .waitingForDeposit, updatedBefore: now) }) ?? []
        for order in waiting where await expireIfPastDue(order, now: now) { pass.expired += 1 }
        if pass != Pass() { flow.logger.info("reconciled", ["settled": .int(pass.settled), "expired": .int(pass.expired)]) }
        return pass
    }

    /// Asks the provider what became of a confirm, about the key the shop sent (bound to the order when it
    /// moved to CONFIRMING), never another window of the same order; an authenticated payment not yet
    /// confirmed is confirmed now with the same idempotency key (a replay if the first call did reach the provider).
    func settleConfirming(_ order: Order) async -> Bool {
        guard let method = order.paymentMethod.flatMap({ flow.methods[$0] }) else { return false }
        do {
            guard let record = try await flow.providerRecord(of: order, method: method) else {
                _ = await flow.fail(order, from: [.confirming], code: "NOT_FOUND_PAYMENT", tossMessage: nil)
                return true
            }
            if record.status == .inProgress || record.status == .ready {
                // With a key bound, the record is that payment's. Without one (a confirm sent before keys were
                // bound) the lookup by order id may answer another window: only an authenticated one is confirmed.
                let bound = (try? await flow.payments.boundKey(orderId: order.orderId)) ?? nil
                guard bound != nil || record.status == .inProgress else {
                    flow.logger.notice("reconcile_deferred", ["order_id": .string(order.orderId), "reason": "unapproved_payment",
                                                             "status": .string(record.status.tossValue)])
                    return false
                }
                let confirmed = try await method.confirm(paymentKey: record.paymentKey, orderId: order.orderId,
                                                         amount: order.totalPrice, idempotencyKey: "confirm-\(order.orderId)")
                _ = await flow.settle(order, with: confirmed)
            } else {
                _ = await flow.settle(order, with: record)
            }
            return true
        } catch {
            if error.kind == .rejected || error.kind == .notFound {
                _ = await flow.fail(order, from: [.confirming], code: error.code, tossMessage: error.message)
                return true
            }
            flow.logger.warning("reconcile_deferred", ["order_id": .string(order.orderId), "code": .string(error.code)])
            return false
        }
    }

    /// A virtual account past its due date expires (stock returns) unless the provider says it was paid.
    func expireIfPastDue(_ order: Order, now: Date) async -> Bool {
        guard let payment = try? await flow.payments.find(orderId: order.orderId),
              let due = payment.virtualAccountDueDate.flatMap(TossTimestamp.parse), due < now else { return false }
        if let method = order.paymentMethod.flatMap({ flow.methods[$0] }),
           let record = try? await method.status(paymentKey: payment.paymentKey), record.status == .done {
            _ = await flow.settle(order, with: record)
            return false
        }
        if case .applied? = try? await flow.orders.transition(orderId: order.orderId, from: [.waitingForDeposit], to: .expired) {
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
