import Database
import Foundation
import Logging

/// 반품: the shopper asks (lines, a reason from `ReturnReason`, words of their own) while the goods are on their way
/// or arrived; an operator approves (refund) or rejects (with a reason). After 구매 확정 neither is possible.
///
/// Guarantees:
/// - One open return per order; an approved return ends the delivery as RETURNED, so there is no second one.
/// - The refund is computed here, never taken from a form: the returned lines at their purchase prices, plus the
///   배송비 when every unit comes back (a refund of everything refunds the fee), less `returnFee` when the reason is
///   the shopper's. It is at most what the payment has left, and 0 means no provider call.
/// - An approval is claimed (REQUESTED → APPROVED, compare-and-set) before the refund, so a double click or two
///   operators refund once; a refund the provider refuses reopens the request and changes nothing else.
public struct ReturnService: Sendable {
    let database: any DatabaseWriter
    let flow: PaymentFlow
    let fulfilment: FulfilmentService
    /// 반품 배송비 for the shopper's own reasons (`shipping.returnFee`).
    public let returnFee: Int
    let orders = OrderRepository()
    let deliveries = OrderDeliveryRepository()
    let returns = OrderReturnRepository()
    let payments = PaymentRepository()
    let logger: Logger

    public init(database: any DatabaseWriter, flow: PaymentFlow, fulfilment: FulfilmentService, returnFee: Int, logger: Logger) {
        self.database = database
        self.flow = flow
        self.fulfilment = fulfilment
        self.returnFee = returnFee
        self.logger = logger
    }

    public static let reasonField = "return_reason"
    public static let textField = "return_text"
    public static let linesField = "return_lines"
    public static let noteField = "reject_note"
    /// The form field of a line's quantity: `return_qty_<productId>`.
    public static func quantityField(productId: Int) -> String { "return_qty_\(productId)" }
    public static let maxTextLength = 200

    static let reasonMessage = "반품 사유를 목록에서 골라 주세요."
    static let textMessage = "상세 사유는 \(maxTextLength)자 이하로 입력해 주세요."
    static let linesMessage = "반품할 상품과 수량을 하나 이상 골라 주세요."
    static let noteMessage = "거절 사유를 1~\(maxTextLength)자로 입력해 주세요."

    /// 반품 요청. `quantities` maps product id (form text) to the quantity typed (form text); a quantity above the
    /// line's, or not a number, is `.validation` on `return_lines`; so is asking for nothing.
    @discardableResult
    public func request(userId: Int, orderId: String, quantities: [String: String], reason: String, text: String,
                        now: Date = Date()) async throws(ShopError) -> OrderReturn {
        let order = try await fulfilment.ownOrder(userId: userId, orderId: orderId)
        var errors = ValidationErrors()
        let reason = ReturnReason(rawValue: reason)
        if reason == nil { errors[Self.reasonField] = Self.reasonMessage }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if TextLength.of(text) > Self.maxTextLength || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors[Self.textField] = Self.textMessage
        }
        var lines: [OrderReturn.Line] = []
        for line in order.lines {
            let typed = (quantities[String(line.productId)] ?? "").trimmingCharacters(in: .whitespaces)
            if typed.isEmpty { continue }
            guard let quantity = FormNumber.integer(typed), (0...line.quantity).contains(quantity) else {
                errors[Self.linesField] = "\(line.productName): 반품 수량은 0~\(line.quantity)개로 입력해 주세요."
                continue
            }
            if quantity > 0 { lines.append(OrderReturn.Line(productId: line.productId, quantity: quantity)) }
        }
        if lines.isEmpty && errors[Self.linesField] == nil { errors[Self.linesField] = Self.linesMessage }
        guard errors.isEmpty, let reason else { throw .validation(errors) }
        let deliveries = self.deliveries, returns = self.returns, requested = lines
        return try await ShopError.mapping {
            try await database.write { db -> Result<OrderReturn, ShopError> in
                guard let delivery = try deliveries.find(db, orderId: orderId) else { return .failure(.notFound(.order)) }
                guard delivery.status.shopperMayRequestReturn else {
                    return .failure(delivery.status == .confirmed
                        ? .conflict("구매 확정된 주문은 반품할 수 없습니다.")
                        : .conflict("반품을 요청할 수 없는 주문입니다. (현재 상태: \(delivery.status.label))"))
                }
                if try returns.openReturn(db, orderId: orderId) != nil { return .failure(.conflict(FulfilmentService.returnOpenMessage)) }
                try returns.request(db, orderId: orderId, reason: reason, text: text, lines: requested, now: now)
                guard let opened = try returns.openReturn(db, orderId: orderId) else { return .failure(.notFound(.order)) }
                return .success(opened)
            }
        }.get()
    }

    /// What approving `request` of `order` refunds, and the 반품 배송비 it keeps; never more than `balance`.
    public func refund(for request: OrderReturn, of order: Order, balance: Int) -> (amount: Int, returnFee: Int) {
        var goods = 0
        var everything = true
        for line in order.lines {
            let returned = request.lines.first { $0.productId == line.productId }?.quantity ?? 0
            if returned < line.quantity { everything = false }
            // Both factors are within OrderLimits, so neither the product nor the sum can come near Int.max.
            goods += Won.times(line.unitPrice, min(returned, line.quantity)) ?? 0
        }
        let fee = request.reason.isShoppers ? returnFee : 0
        let gross = goods + (everything ? order.shippingFee : 0)
        return (min(max(0, gross - fee), balance), min(fee, gross))
    }

    /// 반품 승인: claims the open return, refunds through `PaymentFlow.cancel` (all that is left as a full cancel,
    /// otherwise a partial refund), then ends the delivery as RETURNED and puts the returned units, and only those,
    /// back in stock in that same write. `audit` runs in the claiming write.
    ///
    /// `refundAccount` is where the money goes when the payment needs one for a refund (a deposited 가상계좌:
    /// `PaymentFlow.refundBanks`); it is checked before anything is claimed, so a missing or malformed account is
    /// `.validation` keyed by `RefundAccountInput`'s fields and changes nothing.
    @discardableResult
    public func approve(orderId: String, refundAccount: RefundAccountInput? = nil, now: Date = Date(),
                        audit: FulfilmentService.AuditStep? = nil) async throws(ShopError) -> OrderReturn {
        guard OrderIdentifier.isValid(orderId) else { throw .notFound(.order) }
        let orders = self.orders, deliveries = self.deliveries, returns = self.returns, payments = self.payments
        let service = self
        let found = try? await database.read { db in (try orders.find(db, orderId: orderId), try payments.find(db, orderId: orderId)) }
        if let found, let order = found.0, let banks = flow.refundBanks(for: order, payment: found.1) {
            _ = try (refundAccount ?? .none).destination(banks: banks)
        }
        let claim = try await ShopError.mapping {
            try await database.write { db -> Result<(Order, OrderReturn, Int, Int), ShopError> in
                guard let order = try orders.find(db, orderId: orderId), let delivery = try deliveries.find(db, orderId: orderId) else {
                    return .failure(.notFound(.order))
                }
                guard let open = try returns.openReturn(db, orderId: orderId) else { return .failure(.conflict(Self.noOpenReturnMessage)) }
                guard delivery.status.canMove(to: .returned) else { return .failure(FulfilmentService.refused(delivery.status, to: .returned)) }
                let balance = try payments.find(db, orderId: orderId)?.balanceAmount ?? 0
                let (amount, fee) = service.refund(for: open, of: order, balance: balance)
                guard try returns.decide(db, orderId: orderId, status: .approved, refundAmount: amount, returnFee: fee, note: nil, now: now) else {
                    return .failure(.conflict(Self.noOpenReturnMessage))
                }
                try audit?(db, delivery)
                return .success((order, open, amount, balance))
            }
        }
        let (order, open, amount, balance) = try claim.get()
        if amount > 0 {
            do {
                _ = try await flow.cancel(userId: order.userId, orderId: orderId, amount: amount == balance ? nil : amount,
                                          reason: "반품: \(open.reason.label)", refundAccount: refundAccount)
            } catch {
                // No money moved: the request is open again for another try or a rejection.
                _ = try? await database.write { db in
                    try db.execute("""
                        UPDATE order_return SET status = 'REQUESTED', refund_amount = NULL, return_fee = NULL, decided_at = NULL
                        WHERE return_id = ? AND status = 'APPROVED'
                        """, [open.id])
                }
                logger.warning("return_refund_failed", ["order_id": .string(orderId), "error": .string(error.message)])
                throw error
            }
        }
        _ = try await ShopError.mapping {
            try await database.write { db in
                guard try deliveries.move(db, orderId: orderId, to: .returned, now: now) != nil else { return }
                try Self.restockReturned(db, open, order: order, refunded: amount, now: now)
            }
        }
        logger.info("return_approved", ["order_id": .string(orderId), "refund": .int(amount)])
        return try await ShopError.mapping {
            try await database.read { db in try returns.returns(db, orderId: orderId).first { $0.id == open.id } ?? open }
        }
    }

    /// 반품 거절 with the operator's reason (shown to the shopper). The delivery stays where it is.
    public func reject(orderId: String, note: String, now: Date = Date(), audit: FulfilmentService.AuditStep? = nil) async throws(ShopError) {
        guard OrderIdentifier.isValid(orderId) else { throw .notFound(.order) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Self.maxTextLength).contains(TextLength.of(note)) else { throw .validation([Self.noteField: Self.noteMessage]) }
        let deliveries = self.deliveries, returns = self.returns
        try await ShopError.mapping {
            try await database.write { db -> Result<Void, ShopError> in
                guard let delivery = try deliveries.find(db, orderId: orderId) else { return .failure(.notFound(.order)) }
                guard try returns.decide(db, orderId: orderId, status: .rejected, refundAmount: nil, returnFee: nil, note: note, now: now) else {
                    return .failure(.conflict(Self.noOpenReturnMessage))
                }
                try audit?(db, delivery)
                return .success(())
            }
        }.get()
    }

    static let noOpenReturnMessage = "처리할 반품 요청이 없습니다. (이미 처리되었을 수 있습니다)"
}

extension ReturnService {
    /// What an approved return leaves to do, in the write that ends it RETURNED: the returned units back in stock,
    /// and only those. (Its refund wrote `order.refunded` on the payment's refund path.) A refund that canceled the
    /// order gave back no stock, since a shipped order's units left the shelf (`OrderRepository.hasLeftTheShelf`),
    /// so lines the shopper kept never come back with it.
    static func restockReturned(_ db: any DatabaseConnection, _ approved: OrderReturn, order: Order, refunded: Int, now: Date) throws {
        let catalog = CatalogRepository(), outbox = OutboxRepository()
        let movement = StockMovement(reason: .refund, orderId: order.orderId, note: "반품 승인")
        for line in approved.lines {
            try catalog.adjustStock(db, productId: line.productId, by: line.quantity, movement, now: now)
        }
        if !approved.lines.isEmpty {
            try outbox.append(db, topic: "stock.changed", aggregateId: order.orderId,
                              payload: StockChanged(orderId: order.orderId, productIds: approved.lines.map(\.productId)), now: now)
        }
    }
}

