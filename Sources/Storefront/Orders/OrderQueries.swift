import Database
import Foundation

/// An order as the history and detail pages show it.
public struct OrderOverview: Sendable, Equatable {
    public let order: Order
    /// What the shopper was charged (the payment's amount after points or a discount), nil before a payment is
    /// recorded; lists show it as 결제 금액 rather than the order's total.
    public let chargedAmount: Int?

    public init(order: Order) { self.init(order: order, chargedAmount: nil) }

    public init(order: Order, chargedAmount: Int?) {
        self.order = order
        self.chargedAmount = chargedAmount
    }

    /// 결제 금액 as a list shows it: what was charged, or the order's total while nothing was.
    public var paidAmount: Int { chargedAmount ?? order.totalPrice }
    /// The Korean status label ("결제 완료", …; `OrderStatus.label`).
    public var statusLabel: String { order.status.label }
    /// "사과 외 2건".
    public var orderName: String { order.orderName }
}

/// One order with what its payment provider told us about its payment, for the detail page.
public struct OrderDetail: Sendable, Equatable {
    public let overview: OrderOverview
    /// The latest payment recorded for the order (card, virtual account …), nil before confirmation.
    public let payment: StoredPayment?
    public var order: Order { overview.order }
}

/// One page of a shopper's order history, newest first, and where it sits.
public struct OrderHistoryPage: Sendable, Equatable {
    public let orders: [OrderOverview]
    /// 1-based, within 1…pageCount.
    public let page: Int
    /// At least 1, so a shopper without orders is on page 1 of 1.
    public let pageCount: Int
    public let total: Int
}

/// Read-only order lookups for a signed-in shopper.
///
/// Guarantee: a shopper sees only their own orders. Another user's order, an unknown order and a
/// malformed order id all answer the same `.notFound(.order)`, so order ids cannot be probed.
public struct OrderQueries: Sendable {
    let database: any DatabaseWriter
    let orders: OrderRepository
    let payments: PaymentRepository

    public init(database: any DatabaseWriter) {
        self.database = database
        orders = OrderRepository()
        payments = PaymentRepository()
    }

    /// The shopper's orders, newest first; pass the last `Order.id` shown as `before` for the next page.
    public func list(userId: Int, limit: Int = 20, before: Int? = nil) async throws(ShopError) -> [OrderOverview] {
        let limit = min(max(1, limit), 100)
        return try await ShopError.mapping { try await database.read { db in try orders.list(db, userId: userId, limit: limit, before: before) } }
            .map(OrderOverview.init)
    }

    /// Orders shown per history page.
    public static let historyPerPage = 20

    /// The statuses of orders the shopper placed, which 주문내역 lists by default: paid, waiting for the deposit,
    /// or canceled after paying. The rest are payment attempts (abandoned, failed, let go), listed on request.
    public static let placedStatuses: Set<OrderStatus> = [.paid, .waitingForDeposit, .canceled]

    /// Page `page` (as the URL carried it) of the shopper's history: the orders they placed, or every attempt
    /// with `everyAttempt`. As in the catalog, a page below 1 or not a number is page 1 and a page past the end is
    /// the last; the count and the page come from one read.
    public func history(userId: Int, page: String?, everyAttempt: Bool = false) async throws(ShopError) -> OrderHistoryPage {
        let wanted = PageNumber.requested(page)
        let orders = self.orders, payments = self.payments, perPage = Self.historyPerPage
        let statuses = everyAttempt ? nil : Self.placedStatuses
        return try await ShopError.mapping {
            try await database.read { db in
                let total = try orders.count(db, userId: userId, statuses: statuses)
                let pageCount = PageNumber.count(total: total, perPage: perPage)
                let page = min(wanted, pageCount)
                let list = try orders.list(db, userId: userId, limit: perPage, offset: (page - 1) * perPage, statuses: statuses)
                // At most a page's worth of lookups by the unique order id, in the same read as the page.
                let overviews = try list.map { order in
                    OrderOverview(order: order, chargedAmount: try payments.find(db, orderId: order.orderId).map(\.totalAmount))
                }
                return OrderHistoryPage(orders: overviews, page: page, pageCount: pageCount, total: total)
            }
        }
    }

    /// The shopper's order with `orderId` (as the URL carries it) and its payment record.
    public func detail(userId: Int, orderId: String) async throws(ShopError) -> OrderDetail {
        guard OrderIdentifier.isValid(orderId) else { throw .notFound(.order) }
        let orders = self.orders, payments = self.payments
        let found = try await ShopError.mapping {
            try await database.read { db -> (Order, StoredPayment?)? in
                guard let order = try orders.find(db, orderId: orderId), order.userId == userId else { return nil }
                return (order, try payments.find(db, orderId: orderId))
            }
        }
        guard let (order, payment) = found else { throw .notFound(.order) }
        return OrderDetail(overview: OrderOverview(order: order, chargedAmount: payment?.totalAmount), payment: payment)
    }
}
