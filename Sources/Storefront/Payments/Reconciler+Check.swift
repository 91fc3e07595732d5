import Foundation

extension Reconciler {
    /// What 결제 상태 확인 found: the order's status before and after asking.
    public struct Check: Sendable, Equatable {
        public let before: OrderStatus
        public let after: OrderStatus
    }

    static let nothingToCheckMessage = "결제 확인 중이거나 입금 대기 중인 주문만 결제사에 다시 확인할 수 있습니다."

    /// 결제 상태 확인 from the back office: asks the provider now about one order stuck in CONFIRMING, waiting for
    /// a deposit or not yet started (PENDING), through the reconciler's own steps (`settleConfirming`,
    /// `expireIfPastDue`), and says what the order's status became. Other statuses are refused (409).
    public func check(orderId: String, now: Date = Date()) async throws(ShopError) -> Check {
        guard OrderIdentifier.isValid(orderId),
              let order = try? await flow.database.read({ [orders = flow.orders] db in try orders.find(db, orderId: orderId) }) else {
            throw .notFound(.order)
        }
        switch order.status {
        case .confirming:
            _ = await settleConfirming(order)
        case .waitingForDeposit:
            if let method = order.paymentMethod.flatMap({ flow.methods[$0] }),
               let record = try? await flow.providerRecord(of: order, method: method), record.status != .waitingForDeposit {
                _ = await flow.settle(order, with: record)
            } else {
                _ = await expireIfPastDue(order, now: now)
            }
        case .pending:
            if let method = order.paymentMethod.flatMap({ flow.methods[$0] }),
               let record = try? await flow.providerRecord(of: order, method: method),
               record.status != .ready, record.status != .inProgress {
                _ = await flow.settle(order, with: record)
            }
        case .paid, .failed, .canceled, .expired:
            throw .conflict(Self.nothingToCheckMessage)
        }
        let after = (try? await flow.database.read({ [orders = flow.orders] db in try orders.find(db, orderId: orderId) }))??.status ?? order.status
        flow.logger.info("payment_status_checked", ["order_id": .string(orderId), "before": .string(order.status.rawValue),
                                                    "after": .string(after.rawValue)])
        return Check(before: order.status, after: after)
    }
}
