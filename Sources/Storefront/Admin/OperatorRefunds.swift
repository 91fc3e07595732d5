import Database
import Foundation

/// An operator's refund as the order page's form sends it: everything left, chosen units of the lines, or an
/// amount; a reason; and the balance the page showed.
public struct OperatorRefundForm: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case all, lines, amount
    }

    public var mode: String
    /// Units typed per product id (form text).
    public var quantities: [Int: String]
    public var amount: String
    public var reason: String
    /// The payment balance the form was drawn from (form text).
    public var balance: String
    public var refundAccount: RefundAccountInput

    public init(mode: String, quantities: [Int: String] = [:], amount: String = "", reason: String, balance: String,
                refundAccount: RefundAccountInput = .none) {
        self.mode = mode
        self.quantities = quantities
        self.amount = amount
        self.reason = reason
        self.balance = balance
        self.refundAccount = refundAccount
    }

    public static let modeField = "refund_mode"
    public static let amountField = "refund_amount"
    public static let reasonField = "refund_reason"
    public static let linesField = "refund_lines"
    public static let balanceField = "balance"
    public static func quantityField(productId: Int) -> String { "refund_qty_\(productId)" }
}

/// Refunds from the back office: reads the form against the order as stored, works out the amount (never from the
/// browser for a refund by line), and refunds through `PaymentFlow.refund`, the shopper's cancel path, with the
/// audit entry written in the transaction that records the refund.
///
/// Guarantees: a form refused here (`.validation`, keyed by `OperatorRefundForm`'s field names) changed nothing.
/// A refund by line refunds the lines at their purchase prices; when it takes the last units of the order it
/// refunds everything left, the 배송비 with it. A form drawn before another refund landed is refused (409), and
/// the claim in `PaymentFlow` checks again under the order's lock, so two operators, or an operator and the
/// shopper, never refund more than was paid nor more units than were bought.
public struct OperatorRefunds: Sendable {
    let database: any DatabaseWriter
    let flow: PaymentFlow

    public init(database: any DatabaseWriter, flow: PaymentFlow) {
        self.database = database
        self.flow = flow
    }

    public static let maxReasonLength = 200
    static let reasonMessage = "환불 사유를 1~\(maxReasonLength)자로 입력해 주세요."
    static let linesMessage = "환불할 상품의 수량을 하나 이상 입력해 주세요."
    static let modeMessage = "환불 방식을 골라 주세요."
    static let notRefundableMessage = "환불할 수 있는 주문이 아닙니다. (결제 완료 또는 입금 대기 주문만 환불할 수 있습니다)"

    /// The order as the refund form needs it: its lines with the units not yet refunded, and the payment.
    public struct Snapshot: Sendable {
        public let order: Order
        public let payment: StoredPayment?
        public let refunded: [Int: Int]
        public func remaining(_ line: OrderLine) -> Int { max(0, line.quantity - refunded[line.productId, default: 0]) }
        public var balance: Int { payment?.balanceAmount ?? 0 }
    }

    public func snapshot(orderId: String) async throws(ShopError) -> Snapshot {
        guard OrderIdentifier.isValid(orderId) else { throw .notFound(.order) }
        let found = try await ShopError.mapping {
            try await database.read { db -> Snapshot? in
                guard let order = try OrderRepository().find(db, orderId: orderId) else { return nil }
                return Snapshot(order: order, payment: try PaymentRepository().find(db, orderId: orderId),
                                refunded: try OrderRefundRepository().refundedQuantities(db, orderId: orderId))
            }
        }
        guard let found else { throw .notFound(.order) }
        return found
    }

    /// Refunds `orderId` as `form` says, by `staff`. Returns the order after the refund.
    public func refund(orderId: String, _ form: OperatorRefundForm, by staff: StaffContext) async throws(ShopError) -> Order {
        let current = try await snapshot(orderId: orderId)
        let order = current.order
        guard order.status == .paid || order.status == .waitingForDeposit, current.balance > 0 else {
            throw .conflict(Self.notRefundableMessage)
        }
        var errors = ValidationErrors()
        let reason = form.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(1...Self.maxReasonLength).contains(TextLength.of(reason))
            || reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            errors[OperatorRefundForm.reasonField] = Self.reasonMessage
        }
        var amount: Int?
        var lines: [OrderRefund.Line] = []
        switch OperatorRefundForm.Mode(rawValue: form.mode) {
        case .all:
            amount = nil
        case .lines:
            var goods = 0, emptiesOrder = true
            for line in order.lines {
                let left = current.remaining(line)
                let typed = (form.quantities[line.productId] ?? "").trimmingCharacters(in: .whitespaces)
                let quantity = typed.isEmpty ? 0 : FormNumber.integer(typed)
                guard let quantity, (0...left).contains(quantity) else {
                    errors[OperatorRefundForm.linesField] = "\(line.productName): 환불 수량은 0~\(left)개로 입력해 주세요."
                    continue
                }
                if quantity < left { emptiesOrder = false }
                if quantity > 0 {
                    lines.append(OrderRefund.Line(productId: line.productId, quantity: quantity))
                    // Both factors are within OrderLimits: neither the product nor the sum comes near Int.max.
                    goods += Won.times(line.unitPrice, quantity) ?? 0
                }
            }
            if lines.isEmpty, errors[OperatorRefundForm.linesField] == nil { errors[OperatorRefundForm.linesField] = Self.linesMessage }
            // The last units of the order take the 배송비 with them: everything left is refunded.
            if emptiesOrder { amount = nil } else if goods > current.balance {
                errors[OperatorRefundForm.linesField] = "고른 상품의 금액 \(Won.format(goods))이 환불 가능 금액 \(Won.format(current.balance))보다 큽니다."
            } else {
                amount = goods
            }
        case .amount:
            if let value = FormNumber.amount(form.amount), (1...current.balance).contains(value) {
                amount = value == current.balance ? nil : value
            } else {
                errors[OperatorRefundForm.amountField] = "환불 금액은 1원 이상 \(Won.format(current.balance)) 이하의 숫자로 입력해 주세요."
            }
        case nil:
            errors[OperatorRefundForm.modeField] = Self.modeMessage
        }
        guard errors.isEmpty else { throw .validation(errors) }
        guard FormNumber.integer(form.balance) == current.balance else { throw .conflict(PaymentFlow.refundStaleMessage) }
        let balance = current.balance, target = "order:\(orderId)"
        let described = lines.compactMap { line in
            order.lines.first { $0.productId == line.productId }.map { "\($0.productName) \(line.quantity)개" }
        }.joined(separator: ", ")
        let claim = RefundClaim(staffId: staff.staff.id, lines: lines, expectedBalance: balance) { db, done in
            try AuditLog.record(db, staff.audit(.orderRefunded, target: target, before: "환불 가능 \(Won.format(balance))",
                                                after: "환불 \(Won.format(done.amount))" + (described.isEmpty ? "" : " (\(described))")
                                                    + " · 사유: \(done.reason)"))
        }
        do {
            return try await flow.refund(orderId: orderId, amount: amount, reason: reason, claim: claim, refundAccount: form.refundAccount)
        } catch {
            // PaymentFlow names the amount `amount`; the form's field is refund_amount.
            if case .validation(var errors) = error, let message = errors.removeValue(forKey: "amount") {
                errors[OperatorRefundForm.amountField] = message
                throw .validation(errors)
            }
            throw error
        }
    }
}
