import Database
import Foundation

extension OrderQueries {
    /// The refunds of an order the caller has already shown to be the shopper's (`detail`), oldest first, as the
    /// order page lists them: when, how much, why, and which units.
    public func refunds(of order: Order) async throws(ShopError) -> [OrderRefund] {
        let orderId = order.orderId
        return try await ShopError.mapping { try await database.read { db in try OrderRefundRepository().refunds(db, orderId: orderId) } }
    }

    /// `refunds` for the shopper's order page (`pages/order`'s `refunds`): DONE ones only, each with its lines named.
    static func refundValues(_ refunds: [OrderRefund], of order: Order) -> [[String: String]] {
        refunds.filter { $0.state == .done }.map { refund in
            [
                "atText": PageContext.dateText(refund.completedAt ?? refund.requestedAt),
                "amountText": Won.format(refund.amount), "reason": refund.reason,
                "linesText": refund.lines.compactMap { line in
                    order.lines.first { $0.productId == line.productId }.map { "\($0.productName) \(line.quantity)개" }
                }.joined(separator: ", "),
            ]
        }
    }
}
