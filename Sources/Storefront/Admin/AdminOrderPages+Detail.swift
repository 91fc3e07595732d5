import Database
import Foundation
import HTTP
import Mustache

/// `/admin/orders/{orderId}`: the order with its lines (and units refunded), shopper, delivery, payment record,
/// amounts, each refund, its outbox events and where its log lines are; the refund form and 결제 상태 확인.
extension AdminOrderPages {
    /// The refund form as it came back refused: what was typed, the messages per field, or a conflict's alert.
    struct RefundFormState: Sendable {
        var form: OperatorRefundForm
        var errors: ValidationErrors
        var alert: String?
    }

    static let refundFieldNames = [
        OperatorRefundForm.modeField: "mode", OperatorRefundForm.amountField: "amount",
        OperatorRefundForm.reasonField: "reason", OperatorRefundForm.linesField: "lines",
        RefundAccountInput.bankField: "bank", RefundAccountInput.numberField: "accountNumber",
        RefundAccountInput.holderField: "holderName",
    ]

    func detail(_ request: Request, refused: RefundFormState? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let orderId = try Self.orderId(request)
        let current = try await refunds.snapshot(orderId: orderId)
        let (delivery, refundList, events) = try await ShopError.mapping {
            try await database.read { db in
                (try OrderDeliveryRepository().find(db, orderId: orderId), try OrderRefundRepository().refunds(db, orderId: orderId),
                 try AdminOrderRepository().events(db, orderId: orderId))
            }
        }
        let order = current.order
        var values: [String: MustacheValue] = [
            "order": .object([
                "orderId": .string(order.orderId), "status": .string(order.status.rawValue), "statusText": .string(order.status.label),
                "createdAtText": .string(PageContext.dateText(order.createdAt)),
                "updatedAtText": .string(PageContext.dateText(order.updatedAt)),
                "customerName": .string(order.customerName), "customerPhone": .string(order.customerPhone),
                "signupId": .string(order.signupId),
                "shopperHref": .string("/admin/orders?q=" + PageContext.queryEncode(order.signupId)),
                "methodName": .string(flow.displayName(for: order.paymentMethod)),
            ]),
            "lines": .array(order.lines.map { line in
                .object([
                    "productId": .int(line.productId), "name": .string(line.productName),
                    "productHref": .string("/admin/products/\(line.productId)"),
                    "unitPriceText": .string(Won.format(line.unitPrice)), "quantity": .int(line.quantity),
                    "refunded": .int(current.refunded[line.productId, default: 0]),
                    "subtotalText": .string(Won.format(line.subtotal)),
                ])
            }),
            "amounts": amounts(current),
            "hasRefunds": .bool(!refundList.isEmpty),
            "refunds": .array(refundList.map { refund in
                .object([
                    "atText": .string(PageContext.dateText(refund.completedAt ?? refund.requestedAt)),
                    "amountText": .string(Won.format(refund.amount)), "reason": .string(refund.reason),
                    "byText": .string(refund.staffId ?? "구매자"),
                    "linesText": .string(refund.lines.compactMap { line in
                        order.lines.first { $0.productId == line.productId }.map { "\($0.productName) \(line.quantity)개" }
                    }.joined(separator: ", ")),
                    "pending": .bool(refund.state == .pending),
                ])
            }),
            "hasEvents": .bool(!events.isEmpty),
            "events": .array(events.map { event in
                .object(["atText": .string(PageContext.dateText(event.createdAt)), "topic": .string(event.topic),
                         "payload": .string(TextLength.prefix(event.payload, 300))])
            }),
            "logCommand": .string("journalctl -u storefront | grep 'order_id=\(order.orderId)'"),
            "canCheck": .bool(order.status == .confirming || order.status == .waitingForDeposit || order.status == .pending),
        ]
        if let payment = current.payment { values["payment"] = paymentValues(payment) }
        // The fulfilment pages (`/admin/fulfilment`, `/admin/returns`) link here at merge: this section shows the
        // delivery as stored and is where their actions go.
        if let delivery { values["fulfilment"] = fulfilmentValues(delivery) }
        if (order.status == .paid || order.status == .waitingForDeposit) && current.balance > 0 {
            values["refundForm"] = refundFormValues(current, refused)
        }
        if let alert = refused?.alert { values["refundAlert"] = .string(alert) }
        return renderer.page("admin/order", title: "주문 \(order.orderId)", area: Self.area, values, for: request, status: status)
    }

    func amounts(_ current: OperatorRefunds.Snapshot) -> MustacheValue {
        let order = current.order
        var fields: [String: MustacheValue] = [
            "goodsText": .string(Won.format(order.goodsPrice)),
            "shippingFeeText": .string(order.shippingFee == 0 ? "무료" : Won.format(order.shippingFee)),
            "totalText": .string(Won.format(order.totalPrice)),
        ]
        if let payment = current.payment {
            fields["discountText"] = .string(Won.format(payment.discount))
            fields["paidText"] = .string(Won.format(payment.totalAmount))
            fields["refundedText"] = .string(Won.format(payment.refundedAmount))
            fields["refundableText"] = .string(Won.format(payment.balanceAmount))
        }
        return .object(fields)
    }

    func paymentValues(_ payment: StoredPayment) -> MustacheValue {
        var fields: [String: MustacheValue] = [
            "method": .string(payment.method ?? "—"), "statusText": .string(payment.status.rawValue),
            "approvedAtText": .string(payment.approvedAt.map(PageContext.dateText(iso:)) ?? "—"),
        ]
        if let number = payment.virtualAccountNumber {
            let due = payment.virtualAccountDueDate.flatMap(ProviderTimestamp.parse)
            fields["virtualAccount"] = .object([
                "bank": .string(payment.virtualAccountBank ?? ""), "number": .string(number),
                "holder": .string(payment.virtualAccountHolder ?? ""),
                "owner": .string(payment.virtualAccountOwner ?? ShopIdentity.merchantName),
                "dueText": .string(payment.virtualAccountDueDate.map(PageContext.dateText(iso:)) ?? "—"),
                "expired": .bool(payment.status == .waitingForDeposit && (due.map { $0 < Date() } ?? false)),
                "waiting": .bool(payment.status == .waitingForDeposit),
            ])
        }
        if !payment.receiptLines.isEmpty { fields["receiptLines"] = OrderPages.receiptLines(payment) }
        return .object(fields)
    }

    func fulfilmentValues(_ delivery: OrderDelivery) -> MustacheValue {
        var fields: [String: MustacheValue] = [
            "status": .string(delivery.status.rawValue), "label": .string(delivery.status.label),
            "recipient": .string(delivery.address.recipient), "phone": .string(delivery.address.phone),
            "postalCode": .string(delivery.address.postalCode),
            "address": .string([delivery.address.line1, delivery.address.line2].filter { !$0.isEmpty }.joined(separator: " ")),
            "request": delivery.request.isEmpty ? .null : .string(delivery.request),
        ]
        if let carrier = delivery.carrier { fields["carrier"] = .string(carrier.name) }
        if let number = delivery.trackingNumber {
            fields["tracking"] = .object(["number": .string(number), "url": delivery.trackingURL.map(MustacheValue.string) ?? .null])
        }
        return .object(fields)
    }

    func refundFormValues(_ current: OperatorRefunds.Snapshot, _ refused: RefundFormState?) -> MustacheValue {
        let form = refused?.form
        let mode = form?.mode ?? OperatorRefundForm.Mode.lines.rawValue
        var fields: [String: MustacheValue] = [
            "action": .string("/admin/orders/\(current.order.orderId)/refund"),
            "balance": .int(current.balance), "balanceText": .string(Won.format(current.balance)),
            "modes": .array([(OperatorRefundForm.Mode.lines, "상품별 환불"), (.amount, "금액 지정 환불"), (.all, "전액 환불 (배송비 포함)")].map { value, label in
                .object(["value": .string(value.rawValue), "label": .string(label), "checked": .bool(value.rawValue == mode)])
            }),
            "lines": .array(current.order.lines.map { line in
                .object([
                    "productId": .int(line.productId), "name": .string(line.productName), "max": .int(current.remaining(line)),
                    "unitPriceText": .string(Won.format(line.unitPrice)),
                    "quantity": .string(TextLength.prefix(form?.quantities[line.productId] ?? "", 10)),
                ])
            }),
            "amount": .string(TextLength.prefix(form?.amount ?? "", 20)),
            "reason": .string(TextLength.prefix(form?.reason ?? "", OperatorRefunds.maxReasonLength + 20)),
            "errors": PageContext.errors(refused?.errors ?? [:], names: Self.refundFieldNames),
            "hasErrors": .bool(!(refused?.errors.isEmpty ?? true)),
            "waitingForDeposit": .bool(current.order.status == .waitingForDeposit),
        ]
        if let banks = flow.refundBanks(for: current.order, payment: current.payment) {
            let chosen = form?.refundAccount.bankCode ?? ""
            fields["refundAccount"] = .object([
                "banks": .array(banks.map { .object(["code": .string($0.code), "name": .string($0.name), "selected": .bool($0.code == chosen)]) }),
                "accountNumber": .string(TextLength.prefix(form?.refundAccount.accountNumber ?? "", RefundAccountInput.inputLimit)),
                "holderName": .string(form?.refundAccount.accountHolder ?? ""),
            ])
        }
        return .object(fields)
    }

    // MARK: Refund and 결제 상태 확인

    func refund(_ request: Request, staff: StaffContext) async throws -> Response {
        let orderId = try Self.orderId(request)
        let fields = try request.pageForm()
        let current = try await refunds.snapshot(orderId: orderId)
        var quantities: [Int: String] = [:]
        for line in current.order.lines {
            quantities[line.productId] = fields[OperatorRefundForm.quantityField(productId: line.productId)] ?? ""
        }
        let form = OperatorRefundForm(
            mode: fields[OperatorRefundForm.modeField] ?? "", quantities: quantities, amount: fields[OperatorRefundForm.amountField] ?? "",
            reason: fields[OperatorRefundForm.reasonField] ?? "", balance: fields[OperatorRefundForm.balanceField] ?? "",
            refundAccount: RefundAccountInput(bankCode: fields[RefundAccountInput.bankField] ?? "",
                                              accountNumber: fields[RefundAccountInput.numberField] ?? "",
                                              holderName: fields[RefundAccountInput.holderField] ?? ""))
        do {
            let order = try await refunds.refund(orderId: orderId, form, by: staff)
            return cookies.flashRedirect("/admin/orders/\(orderId)", order.status == .canceled ? .orderCanceledByRefund : .orderRefunded)
        } catch {
            switch error {
            case .validation(let errors):
                return try await detail(request, refused: RefundFormState(form: form, errors: errors), status: .unprocessableContent)
            case .conflict(let message):
                return try await detail(request, refused: RefundFormState(form: form, errors: [:], alert: message), status: .conflict)
            default:
                throw error
            }
        }
    }

    func check(_ request: Request, staff: StaffContext) async throws -> Response {
        let orderId = try Self.orderId(request)
        _ = try request.pageForm()
        let outcome = try await Reconciler(flow: flow).check(orderId: orderId)
        try await ShopError.mapping {
            try await database.write { db in
                try AuditLog.record(db, staff.audit(.orderStatusChecked, target: "order:\(orderId)",
                                                    before: outcome.before.label, after: outcome.after.label))
            }
        }
        let flash: AdminFlash = switch outcome.after {
        case outcome.before: outcome.after == .confirming ? .paymentStillUnknown : .paymentUnchanged
        case .paid, .waitingForDeposit: .paymentSettled
        case .failed, .expired, .canceled: .paymentFailed
        case .pending, .confirming: .paymentStillUnknown
        }
        return cookies.flashRedirect("/admin/orders/\(orderId)", flash)
    }
}
