import Database
import Foundation
import Logging

/// The life of an order after payment: the operator ships and marks delivered, the shopper confirms (구매 확정),
/// cancels before shipping, or asks a return that the operator approves or rejects (`ReturnService`).
///
/// Guarantees:
/// - Every move is `FulfilmentStatus`'s compare-and-set in one write with its outbox event; a move that is not
///   legal from where the order is changes nothing and answers `.conflict` with the order's current state.
/// - The shopper's cancel claims the order (PREPARING → CANCELING) before any money moves, so it and the
///   operator's ship cannot both win: whichever commits first holds the order, the other is refused. A refund
///   the provider refuses hands the order back (CANCELING → PREPARING) and changes nothing else.
/// - Operator moves take an `audit` step run inside the same write, so the audit row commits with the change.
/// - A shopper reaches only their own orders; another's answers `.notFound(.order)`, like a missing one.
public struct FulfilmentService: Sendable {
    let database: any DatabaseWriter
    let flow: PaymentFlow
    let orders = OrderRepository()
    let deliveries = OrderDeliveryRepository()
    let returns = OrderReturnRepository()
    let logger: Logger

    /// Runs inside an operator move's write, after the move: where the back office records its audit entry.
    public typealias AuditStep = @Sendable (any DatabaseConnection, OrderDelivery) throws -> Void

    public init(database: any DatabaseWriter, flow: PaymentFlow, logger: Logger) {
        self.database = database
        self.flow = flow
        self.logger = logger
    }

    static let carrierField = "carrier"
    static let trackingField = "tracking_number"
    static let carrierMessage = "택배사를 목록에서 골라 주세요."

    // MARK: Operator

    /// 발송 처리: PREPARING → SHIPPED with the carrier (code or Korean name) and 송장번호. `.validation` on
    /// `carrier` / `tracking_number` for bad input, `.conflict` when the order is not preparing (or not paid).
    @discardableResult
    public func ship(orderId: String, carrier: String, trackingNumber: String, now: Date = Date(),
                     audit: AuditStep? = nil) async throws(ShopError) -> OrderDelivery {
        var errors = ValidationErrors()
        let chosen = Carrier.named(carrier)
        if chosen == nil { errors[Self.carrierField] = Self.carrierMessage }
        let number = TrackingNumber.parse(trackingNumber)
        if number == nil { errors[Self.trackingField] = TrackingNumber.message }
        guard errors.isEmpty, let chosen, let number else { throw .validation(errors) }
        return try await operatorMove(orderId: orderId, to: .shipped, carrier: chosen, trackingNumber: number, now: now, audit: audit)
    }

    /// 배송 완료: SHIPPED → DELIVERED (no carrier API can be reached offline, so an operator says so).
    @discardableResult
    public func markDelivered(orderId: String, now: Date = Date(), audit: AuditStep? = nil) async throws(ShopError) -> OrderDelivery {
        try await operatorMove(orderId: orderId, to: .delivered, now: now, audit: audit)
    }

    private func operatorMove(orderId: String, to: FulfilmentStatus, carrier: Carrier? = nil, trackingNumber: String? = nil,
                              now: Date, audit: AuditStep?) async throws(ShopError) -> OrderDelivery {
        guard OrderIdentifier.isValid(orderId) else { throw .notFound(.order) }
        let deliveries = self.deliveries
        let moved = try await ShopError.mapping {
            try await database.write { db -> Result<OrderDelivery, ShopError> in
                guard let current = try deliveries.find(db, orderId: orderId) else { return .failure(.notFound(.order)) }
                guard let after = try deliveries.move(db, orderId: orderId, to: to, carrier: carrier,
                                                      trackingNumber: trackingNumber, now: now) else {
                    return .failure(Self.refused(current.status, to: to))
                }
                try audit?(db, after)
                return .success(after)
            }
        }
        let delivery = try moved.get()
        logger.info("fulfilment_moved", ["order_id": .string(orderId), "to": .string(to.rawValue)])
        return delivery
    }

    // MARK: Shopper

    /// 구매 확정: DELIVERED → CONFIRMED, refused while a return is open.
    @discardableResult
    public func confirm(userId: Int, orderId: String, now: Date = Date()) async throws(ShopError) -> OrderDelivery {
        _ = try await ownOrder(userId: userId, orderId: orderId)
        let deliveries = self.deliveries, returns = self.returns
        return try await ShopError.mapping {
            try await database.write { db -> Result<OrderDelivery, ShopError> in
                guard let current = try deliveries.find(db, orderId: orderId) else { return .failure(.notFound(.order)) }
                if try returns.openReturn(db, orderId: orderId) != nil { return .failure(.conflict(Self.returnOpenMessage)) }
                guard let after = try deliveries.move(db, orderId: orderId, to: .confirmed, now: now) else {
                    return .failure(Self.refused(current.status, to: .confirmed))
                }
                return .success(after)
            }
        }.get()
    }

    /// 주문 취소 by the shopper: only before SHIPPED. Claims the order, then refunds everything through
    /// `PaymentFlow.cancel` (stock back, goods and 배송비), which ends the delivery as CANCELED.
    /// `reason` goes to the provider with the refund (`CancelReason`'s label, chosen in the confirmation step).
    public func cancel(userId: Int, orderId: String, refundAccount: RefundAccountInput? = nil,
                       reason: String = "구매자 요청") async throws(ShopError) -> Order {
        _ = try await ownOrder(userId: userId, orderId: orderId)
        let deliveries = self.deliveries
        let claim = try await ShopError.mapping {
            try await database.write { db -> (claimed: Bool, status: FulfilmentStatus?) in
                let claimed = try deliveries.move(db, orderId: orderId, to: .canceling) != nil
                // Read after the move, which locked the row on PostgreSQL: a read before it could predate another
                // click's claim that committed while this one waited, and refuse a double click it should join.
                return (claimed, try deliveries.find(db, orderId: orderId)?.status)
            }
        }
        // A second click while the first's refund runs (CANCELING), or after it (CANCELED), joins it in
        // `PaymentFlow.cancel`, which refunds once and shows both the outcome; anything else has left the shop.
        if let status = claim.status, !claim.claimed, status != .canceling, status != .canceled {
            throw Self.refused(status, to: .canceling)
        }
        do {
            return try await flow.cancel(userId: userId, orderId: orderId, reason: reason, refundAccount: refundAccount)
        } catch {
            if claim.claimed {
                // The refund did not happen: the order is as it was, so it may still ship (or be canceled again).
                let back = try? await database.write { db in
                    let paid = try OrderRepository().find(db, orderId: orderId)?.status == .paid
                    return try deliveries.move(db, orderId: orderId, to: paid ? .preparing : .awaitingPayment, from: [.canceling])
                }
                logger.notice("fulfilment_cancel_released", ["order_id": .string(orderId), "reverted": .string(back != nil ? "yes" : "no")])
            }
            throw error
        }
    }

    /// Orders Housekeeping confirms: DELIVERED for `days` days with no open return. Returns how many it confirmed.
    public func confirmDelivered(olderThan days: Int, now: Date = Date()) async -> Int {
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        let deliveries = self.deliveries, returns = self.returns
        guard let due = try? await database.read({ db in try deliveries.deliveredBefore(db, cutoff: cutoff) }) else { return 0 }
        var confirmed = 0
        for orderId in due {
            let moved = try? await database.write { db -> Bool in
                guard try returns.openReturn(db, orderId: orderId) == nil else { return false }
                return try deliveries.move(db, orderId: orderId, to: .confirmed, now: now) != nil
            }
            if moved == true { confirmed += 1 }
        }
        if confirmed > 0 { logger.info("orders_auto_confirmed", ["count": .int(confirmed), "after_days": .int(days)]) }
        return confirmed
    }

    // MARK: Reading

    /// The shopper's order with its delivery and returns; `.notFound(.order)` for anyone else's.
    public func tracking(userId: Int, orderId: String) async throws(ShopError) -> (OrderDelivery?, [OrderReturn]) {
        _ = try await ownOrder(userId: userId, orderId: orderId)
        let deliveries = self.deliveries, returns = self.returns
        return try await ShopError.mapping {
            try await database.read { db in (try deliveries.find(db, orderId: orderId), try returns.returns(db, orderId: orderId)) }
        }
    }

    /// The fulfilment status of each listed order that has a delivery; empty when it cannot be read (the history
    /// page then shows the payment status alone).
    public func statuses(orderIds: [String]) async -> [String: FulfilmentStatus] {
        let deliveries = self.deliveries
        return (try? await database.read { db in try deliveries.statuses(db, orderIds: orderIds) }) ?? [:]
    }

    func ownOrder(userId: Int, orderId: String) async throws(ShopError) -> Order {
        guard OrderIdentifier.isValid(orderId) else { throw .notFound(.order) }
        let orders = self.orders
        let order = try await ShopError.mapping { try await database.read { db in try orders.find(db, orderId: orderId) } }
        guard let order, order.userId == userId else { throw .notFound(.order) }
        return order
    }

    static let returnOpenMessage = "반품 요청이 처리 중인 주문입니다. 처리가 끝난 뒤에 다시 시도해 주세요."

    /// Why a move from `status` to `to` is refused, in words the shopper or operator can act on.
    static func refused(_ status: FulfilmentStatus, to: FulfilmentStatus) -> ShopError {
        switch (to, status) {
        case (.canceling, .shipped), (.canceling, .delivered):
            .conflict("이미 배송이 시작되어 주문을 취소할 수 없습니다. 상품을 받으신 뒤 반품을 요청해 주세요.")
        case (.canceling, .confirmed), (.returned, .confirmed):
            .conflict("구매 확정된 주문은 취소하거나 반품할 수 없습니다.")
        case (.shipped, .awaitingPayment):
            .conflict("결제가 완료되지 않은 주문은 발송할 수 없습니다.")
        default:
            .conflict("지금은 할 수 없는 처리입니다. (현재 상태: \(status.label))")
        }
    }
}

extension FulfilmentService {
    /// One order of a bulk move: its CSV row (nil for an order picked by checkbox), and for shipping its carrier
    /// and 송장번호.
    struct BulkRow: Sendable {
        let row: Int?
        let orderId: String
        var carrier: Carrier? = nil
        var trackingNumber: String? = nil
    }

    /// Thrown out of a preview's write so it rolls back, carrying what the write would have done.
    private struct PreviewRollback: Error {
        let deliveries: [OrderDelivery]
    }

    /// 송장 일괄 등록: ships every row of a CSV upload in one write, or none. A row whose order is missing, not
    /// preparing or not paid refuses the whole file, naming its row (`ShipmentCSV.Refusal` as `.validation` on
    /// `csv`). `audit` runs once per shipped order inside that write. With `preview`, the same write runs and is
    /// rolled back: it answers what would be shipped, or the same refusal, and changes nothing.
    @discardableResult
    public func shipAll(csv: String, preview: Bool = false, now: Date = Date(),
                        audit: AuditStep? = nil) async throws(ShopError) -> [OrderDelivery] {
        let rows: [ShipmentCSV.Shipment]
        do { rows = try ShipmentCSV.shipments(csv) } catch { throw .validation([Self.csvField: error.message]) }
        return try await bulkMove(rows.map { BulkRow(row: $0.row, orderId: $0.orderId, carrier: $0.carrier, trackingNumber: $0.trackingNumber) },
                                  to: .shipped, preview: preview, now: now, audit: audit)
    }

    /// 배송 완료 일괄 처리: every order of the CSV (주문번호 per row) SHIPPED → DELIVERED in one write, or none;
    /// `preview` as in `shipAll`.
    @discardableResult
    public func markAllDelivered(csv: String, preview: Bool = false, now: Date = Date(),
                                 audit: AuditStep? = nil) async throws(ShopError) -> [OrderDelivery] {
        let rows: [(row: Int, orderId: String)]
        do { rows = try ShipmentCSV.deliveredOrders(csv) } catch { throw .validation([Self.csvField: error.message]) }
        return try await bulkMove(rows.map { BulkRow(row: $0.row, orderId: $0.orderId) }, to: .delivered, preview: preview, now: now, audit: audit)
    }

    /// 선택한 주문 배송 완료: the orders an operator ticked, SHIPPED → DELIVERED in one write, or none; a refusal
    /// (`.validation` on `order_id`) names the order that could not move.
    @discardableResult
    public func markDelivered(orderIds: [String], now: Date = Date(), audit: AuditStep? = nil) async throws(ShopError) -> [OrderDelivery] {
        var unique: [String] = []
        for id in orderIds where !unique.contains(id) { unique.append(id) }
        guard !unique.isEmpty else { throw .validation([Self.selectionField: "배송 완료로 바꿀 주문을 하나 이상 골라 주세요."]) }
        guard unique.count <= ShipmentCSV.maxRows else {
            throw .validation([Self.selectionField: "한 번에 \(ShipmentCSV.maxRows)건까지 처리할 수 있습니다."])
        }
        return try await bulkMove(unique.map { BulkRow(row: nil, orderId: $0) }, to: .delivered, preview: false, now: now, audit: audit)
    }

    /// The upload form's file field, which a refused file's message is keyed by.
    public static let csvField = "csv"
    /// The checkbox field of the 배송중 list, which a refused selection's message is keyed by.
    public static let selectionField = "order_id"

    /// Moves every row's order to `to` in one write, or none: the first refused row throws, which rolls back the
    /// rows moved before it.
    private func bulkMove(_ rows: [BulkRow], to: FulfilmentStatus, preview: Bool, now: Date,
                          audit: AuditStep?) async throws(ShopError) -> [OrderDelivery] {
        let deliveries = self.deliveries
        do {
            let moved = try await database.write { db -> [OrderDelivery] in
                var moved: [OrderDelivery] = []
                for row in rows {
                    guard OrderIdentifier.isValid(row.orderId), let current = try deliveries.find(db, orderId: row.orderId) else {
                        throw Self.rowRefusal(row, "주문을 찾을 수 없습니다")
                    }
                    guard let after = try deliveries.move(db, orderId: row.orderId, to: to, carrier: row.carrier,
                                                          trackingNumber: row.trackingNumber, now: now) else {
                        let verb = to == .shipped ? "발송할 수 없는 주문입니다" : "배송 완료로 바꿀 수 없는 주문입니다"
                        throw Self.rowRefusal(row, "\(verb) (현재 상태: \(current.status.label))")
                    }
                    try audit?(db, after)
                    moved.append(after)
                }
                if preview { throw PreviewRollback(deliveries: moved) }
                return moved
            }
            logger.info("fulfilment_bulk_moved", ["to": .string(to.rawValue), "count": .int(moved.count)])
            return moved
        } catch let rollback as PreviewRollback {
            return rollback.deliveries
        } catch {
            throw ShopError.from(error)
        }
    }

    static func rowRefusal(_ row: BulkRow, _ problem: String) -> ShopError {
        guard let number = row.row else { return .validation([selectionField: "주문 \(row.orderId): \(problem)"]) }
        return .validation([csvField: ShipmentCSV.Refusal(row: number, column: ShipmentCSV.orderColumn, problem: problem).message])
    }
}
