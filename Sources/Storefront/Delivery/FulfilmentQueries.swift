import Database
import Foundation
import PluginKit

/// A return waiting for (or past) an operator's decision, with what approving it would refund.
public struct ReturnReview: Sendable {
    public let order: Order
    public let request: OrderReturn
    /// What approval refunds (`ReturnService.refund(for:of:balance:)`), or what it did refund once decided.
    public let refundAmount: Int
    /// The 반품 배송비 kept from the refund.
    public let returnFee: Int
    /// The banks the refund account must be at, when this refund needs one (a deposited 가상계좌); nil otherwise.
    public let refundBanks: [RefundBank]?
}

/// One page of a paged operator list, clamped to the pages there are.
public struct OperatorPage<Item: Sendable>: Sendable {
    public let items: [Item]
    /// 1-based, within 1…pageCount.
    public let page: Int
    public let pageCount: Int
    public let total: Int
}

/// The read side of the operator's delivery pages: orders to ship or in transit, one order's delivery, and the
/// returns to decide with their refunds computed exactly as approval computes them. Never writes.
public struct FulfilmentQueries: Sendable {
    let database: any DatabaseWriter
    let flow: PaymentFlow
    let returnService: ReturnService
    let queue = FulfilmentQueueRepository()

    public init(database: any DatabaseWriter, flow: PaymentFlow, returns: ReturnService) {
        self.database = database
        self.flow = flow
        self.returnService = returns
    }

    public static let ordersPerPage = 50
    public static let returnsPerPage = 20
    /// Far beyond any real list; keeps `(page - 1) * perPage` well inside Int whatever the URL says.
    static let maxPage = 100_000

    /// Page `page` of the orders in `filter.status`, oldest first.
    public func orders(_ filter: FulfilmentQueueRepository.Filter, page: Int) async throws(ShopError) -> OperatorPage<FulfilmentQueueItem> {
        let queue = self.queue, perPage = Self.ordersPerPage
        return try await paged(page: page, perPage: perPage) { db, offset in
            try queue.orders(db, filter, limit: perPage, offset: offset)
        }
    }

    /// One order with its delivery and returns, for the operator's order page; `.notFound(.order)` when it has no delivery.
    public func order(_ orderId: String) async throws(ShopError) -> (order: Order, delivery: OrderDelivery, returns: [OrderReturn]) {
        guard OrderIdentifier.isValid(orderId) else { throw .notFound(.order) }
        let found = try await ShopError.mapping {
            try await database.read { db in
                (try OrderRepository().find(db, orderId: orderId), try OrderDeliveryRepository().find(db, orderId: orderId),
                 try OrderReturnRepository().returns(db, orderId: orderId))
            }
        }
        guard let order = found.0, let delivery = found.1 else { throw .notFound(.order) }
        return (order, delivery, found.2)
    }

    /// Page `page` of the returns in `status`, oldest request first, each with its refund.
    public func returns(status: ReturnStatus, page: Int) async throws(ShopError) -> OperatorPage<ReturnReview> {
        let queue = self.queue, perPage = Self.returnsPerPage, service = returnService, flow = self.flow
        return try await paged(page: page, perPage: perPage) { db, offset in
            let (listed, total) = try queue.returns(db, status: status, limit: perPage, offset: offset)
            var reviews: [ReturnReview] = []
            for entry in listed {
                guard let order = try OrderRepository().find(db, orderId: entry.orderId),
                      let request = try OrderReturnRepository().returns(db, orderId: entry.orderId).first(where: { $0.id == entry.returnId })
                else { continue }
                let payment = try PaymentRepository().find(db, orderId: entry.orderId)
                let computed = service.refund(for: request, of: order, balance: payment?.balanceAmount ?? 0)
                reviews.append(ReturnReview(order: order, request: request, refundAmount: request.refundAmount ?? computed.amount,
                                            returnFee: request.returnFee ?? computed.returnFee,
                                            refundBanks: status == .requested ? flow.refundBanks(for: order, payment: payment) : nil))
            }
            return (reviews, total)
        }
    }

    /// Reads page `page` (clamped to 1…maxPage, then to the last page when past it) of a list `read` returns.
    private func paged<Item: Sendable>(page: Int, perPage: Int,
                                       _ read: @escaping @Sendable (any DatabaseConnection, Int) throws -> ([Item], Int)) async throws(ShopError) -> OperatorPage<Item> {
        let asked = min(max(1, page), Self.maxPage)
        var (items, total) = try await ShopError.mapping { try await database.read { db in try read(db, (asked - 1) * perPage) } }
        var page = asked
        let pageCount = PageNumber.count(total: total, perPage: perPage)
        if page > pageCount {
            page = pageCount
            let offset = (page - 1) * perPage
            (items, total) = try await ShopError.mapping { try await database.read { db in try read(db, offset) } }
        }
        return OperatorPage(items: items, page: page, pageCount: pageCount, total: total)
    }
}
