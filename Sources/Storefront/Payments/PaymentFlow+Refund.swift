import Database
import Foundation

/// Who asks for a refund through `PaymentFlow`'s cancel path and what it gives back besides money. The shopper's
/// 주문 취소 and a return's approval use the default (nobody on staff, no lines: a full cancel returns the stock
/// through the order's move to CANCELED).
public struct RefundClaim: Sendable {
    /// The staff member refunding; nil for the shopper's own cancel.
    public var staffId: String?
    /// Units whose stock the refund gives back (a refund by line); empty for a refund by amount.
    public var lines: [OrderRefund.Line]
    /// The payment's balance the operator's form was drawn from: a refund recorded since makes this one stale.
    public var expectedBalance: Int?
    /// Runs in the transaction that records the refund as done (the audit entry of the operator's refund).
    public var audit: (@Sendable (any DatabaseConnection, OrderRefund) throws -> Void)?

    public init(staffId: String? = nil, lines: [OrderRefund.Line] = [], expectedBalance: Int? = nil,
                audit: (@Sendable (any DatabaseConnection, OrderRefund) throws -> Void)? = nil) {
        self.staffId = staffId
        self.lines = lines
        self.expectedBalance = expectedBalance
        self.audit = audit
    }
}

/// What the `order.refunded` outbox event says, written for every refund the shop makes (an operator's, the
/// shopper's 주문 취소, a return's): the order's event history shows each, and the shopper's 환불 notice comes from it.
struct OrderRefunded: Codable, Sendable {
    static let topic = "order.refunded"
    let orderId: String
    let amount: Int
    let staffId: String?
    let units: Int
}

extension PaymentFlow {
    static let refundBusyMessage = "이 주문의 다른 환불이 처리 중입니다. 잠시 후 주문을 다시 확인해 주세요."
    static let refundStaleMessage = "다른 환불이 먼저 처리되어 환불 가능 금액이 바뀌었습니다. 주문을 새로 보고 다시 시도해 주세요."
    static let refundLinesMessage = "환불할 수 있는 수량을 넘었습니다. 주문을 새로 보고 다시 시도해 주세요."

    /// An operator's refund of any shopper's order: the same path, keys and single flight as the shopper's cancel
    /// (`cancel(userId:…)`), with who refunds, the lines it gives back and the balance the form showed.
    /// `amount` nil refunds everything left (the shipping fee with it) and cancels the order.
    public func refund(orderId: String, amount: Int?, reason: String, claim: RefundClaim,
                       refundAccount: RefundAccountInput? = nil) async throws(ShopError) -> Order {
        guard OrderIdentifier.isValid(orderId), let order = try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) }) else {
            throw .notFound(.order)
        }
        return try await cancel(userId: order.userId, orderId: orderId, amount: amount, reason: reason,
                                refundAccount: refundAccount, claim: claim)
    }

    /// Records the refund about to be asked under `key` as PENDING, after checking, with the order locked, that
    /// nothing moved since `stored` was read: a refund of the same request already stored joins it (a double click,
    /// another instance: the provider replays its answer), another one still waiting refuses this one, and a balance
    /// other than the form's or `stored`'s means another refund landed first (409). Lines may not give back more
    /// units than are left unrefunded.
    func claimRefund(_ order: Order, key: String, amount: Int, stored: StoredPayment, reason: String,
                     claim: RefundClaim) async throws(ShopError) {
        let orderId = order.orderId
        let refunds = OrderRefundRepository(), payments = self.payments, orders = self.orders
        try await ShopError.mapping {
            try await database.write { db in
                try orders.lockForDecision(db, orderId: orderId)
                if try refunds.find(db, key: key) != nil { return }
                if try refunds.pending(db, orderId: orderId) != nil { throw ShopError.conflict(Self.refundBusyMessage) }
                let balance = try payments.find(db, orderId: orderId)?.balanceAmount ?? 0
                guard balance == stored.balanceAmount, claim.expectedBalance.map({ $0 == balance }) ?? true else {
                    throw ShopError.conflict(Self.refundStaleMessage)
                }
                let refunded = try refunds.refundedQuantities(db, orderId: orderId)
                for line in claim.lines {
                    let bought = order.lines.first { $0.productId == line.productId }?.quantity ?? 0
                    guard line.quantity <= bought - refunded[line.productId, default: 0] else {
                        throw ShopError.conflict(Self.refundLinesMessage)
                    }
                }
                try refunds.claim(db, orderId: orderId, key: key, amount: amount, reason: TextLength.prefix(reason, 200),
                                  staffId: claim.staffId, lines: claim.lines)
            }
        }
    }

    /// Forgets a claimed refund the provider did not make, so the order may be refunded again.
    func dropRefund(key: String) async {
        do {
            try await database.write { db in try OrderRefundRepository().drop(db, key: key) }
        } catch {
            logger.error("refund_claim_drop_error", ["key": .string(key), "error": "\(error)"])
        }
    }

    /// In the transaction that saves the provider's answer: the claimed refund becomes DONE (once), its lines'
    /// units go back to stock through the ledger (reason refund), and an `order.refunded` event is written.
    /// A refund the provider says someone else made (`ours` false) is forgotten instead.
    static func recordRefund(_ db: any DatabaseConnection, key: String, orderId: String, ours: Bool, claim: RefundClaim) throws {
        let refunds = OrderRefundRepository()
        guard ours else { try refunds.drop(db, key: key); return }
        guard let done = try refunds.complete(db, key: key) else { return }
        let catalog = CatalogRepository(), outbox = OutboxRepository()
        for line in done.lines {
            try catalog.releaseStock(db, productId: line.productId, quantity: line.quantity,
                                     StockMovement(reason: .refund, orderId: orderId, staffId: done.staffId))
        }
        if !done.lines.isEmpty {
            try outbox.append(db, topic: "stock.changed", aggregateId: orderId,
                              payload: StockChanged(orderId: orderId, productIds: done.lines.map(\.productId)))
        }
        try outbox.append(db, topic: OrderRefunded.topic, aggregateId: orderId,
                          payload: OrderRefunded(orderId: orderId, amount: done.amount, staffId: done.staffId,
                                                 units: done.lines.reduce(0) { $0 + $1.quantity }))
        try claim.audit?(db, done)
    }
}
