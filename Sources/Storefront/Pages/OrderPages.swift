import Foundation
import HTTP
import Mustache
import PluginKit

/// Order history and order detail, with what comes next in words (`OrderNextStep`); 주문 취소 is
/// `OrderCancelPages`' confirmation step. Another shopper's order is indistinguishable from a missing one (404).
struct OrderPages: Sendable {
    let orders: OrderQueries
    let flow: PaymentFlow
    let renderer: PageRenderer
    let cookies: SessionMiddleware
    let reviews: ReviewService
    let fulfilment: FulfilmentService
    let returns: ReturnService

    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/orders") { request, shopper in try await self.history(request, session: shopper.session) }
        group.get("/orders/:orderId") { request, shopper in try await self.detail(request, session: shopper.session) }
        OrderCancelPages(pages: self).register(in: &group)
        DeliveryOrderPages(pages: self).register(in: &group)
    }

    /// Whether the shopper may cancel: paid or waiting for the deposit, and only before the goods leave
    /// (DESIGN.md's fulfilment line); an order from before delivery existed keeps the payment rule alone.
    static func mayCancel(_ order: Order, delivery: FulfilmentStatus?) -> Bool {
        (order.status == .paid || order.status == .waitingForDeposit) && (delivery?.shopperMayCancel ?? true)
    }

    /// The refund-account fields as the cancel form last held them.
    struct RefundForm: Sendable {
        var input: RefundAccountInput
        var errors: ValidationErrors
    }

    static let refundFieldNames = [
        RefundAccountInput.bankField: "bank", RefundAccountInput.numberField: "accountNumber",
        RefundAccountInput.holderField: "holderName",
    ]

    func history(_ request: Request, session: Session) async throws -> Response {
        do {
            let everyAttempt = request.query["show"] == "all"
            let history = try await orders.history(userId: session.userId, page: request.query["page"], everyAttempt: everyAttempt)
            let deliveries = await fulfilment.statuses(orderIds: history.orders.map(\.order.orderId))
            return await renderer.page("pages/orders", title: "주문 내역", [
                "hasOrders": .bool(history.total > 0),
                "everyAttempt": .bool(everyAttempt),
                "pagination": PageContext.pagination(page: history.page, pageCount: history.pageCount) { page in
                    let query = (everyAttempt ? ["show=all"] : []) + (page == 1 ? [] : ["page=\(page)"])
                    return query.isEmpty ? "/orders" : "/orders?" + query.joined(separator: "&")
                },
                "orders": .array(history.orders.map { overview in
                    .object([
                        "orderId": .string(overview.order.orderId),
                        "createdAtText": .string(PageContext.dateText(overview.order.createdAt)),
                        "itemsSummary": .string(overview.orderName),
                        "totalText": .string(Won.format(overview.paidAmount)),
                        "status": .string(overview.order.status.rawValue),
                        "statusText": .string(overview.statusLabel),
                        "delivery": deliveries[overview.order.orderId].map { status in
                            .object(["status": .string(status.rawValue), "label": .string(status.label)])
                        } ?? .null,
                    ])
                }),
            ], for: request)
        } catch {
            throw error
        }
    }

    func detail(_ request: Request, session: Session, returnForm: DeliveryOrderPages.ReturnForm? = nil,
                status: HTTPStatus = .ok) async throws -> Response {
        do {
            let detail = try await orders.detail(userId: session.userId, orderId: request.parameters["orderId"] ?? "")
            let (delivery, returns) = try await fulfilment.tracking(userId: session.userId, orderId: detail.order.orderId)
            var values: [String: MustacheValue] = [
                "order": Self.order(detail.order, methodName: flow.displayName(for: detail.order.paymentMethod)),
                "canCancel": .bool(Self.mayCancel(detail.order, delivery: delivery?.status)),
            ]
            if let step = OrderNextStep.of(detail.order, payment: detail.payment, delivery: delivery?.status) {
                values["nextStep"] = .object(["text": .string(step.text), "needsShopper": .bool(step.needsShopper)])
            }
            if let delivery {
                for (key, value) in DeliveryOrderPages.values(order: detail.order, delivery: delivery, returns: returns, form: returnForm) {
                    values[key] = value
                }
            }
            if let payment = detail.payment { values["payment"] = Self.payment(payment) }
            let refunds = OrderQueries.refundValues(try await orders.refunds(of: detail.order), of: detail.order)
            if !refunds.isEmpty {
                values["hasRefunds"] = .bool(true)
                values["refunds"] = .array(refunds.map { .object($0.mapValues(MustacheValue.string)) })
            }
            let reviewable = try await reviews.lines(userId: session.userId, orderId: detail.order.orderId)
            if !reviewable.isEmpty { values["reviewLines"] = Self.reviewLines(reviewable) }
            return await renderer.page("pages/order", title: "주문 상세", values, for: request, status: status)
        } catch {
            throw error
        }
    }

    /// The cancel form's refund-account fields (`pages/order`'s `refundAccount`), with what was typed and why it
    /// was refused when the form comes back.
    static func refundAccount(banks: [RefundBank], _ form: RefundForm?) -> MustacheValue {
        let chosen = form?.input.bankCode ?? ""
        return .object([
            "banks": .array(banks.map { bank in
                .object(["code": .string(bank.code), "name": .string(bank.name), "selected": .bool(bank.code == chosen)])
            }),
            "accountNumber": .string(TextLength.prefix(form?.input.accountNumber ?? "", RefundAccountInput.inputLimit)),
            "holderName": .string(form?.input.accountHolder ?? ""),
            "errors": PageContext.errors(form?.errors ?? [:], names: refundFieldNames),
            "hasErrors": .bool(!(form?.errors.isEmpty ?? true)),
        ])
    }

    /// The order's lines with 리뷰 쓰기 (or 작성 완료), once the order allows reviews (`ReviewRules.allowsReview`).
    static func reviewLines(_ lines: [ReviewableLine]) -> MustacheValue {
        .object(["lines": .array(lines.map { line in
            .object(["name": .string(line.productName), "reviewed": .bool(line.reviewId != nil),
                     "href": .string("/orders/\(line.orderId)/reviews/\(line.productId)"),
                     "productHref": .string("/products/\(line.productId)#reviews")])
        })])
    }

    /// `Order` as Templates/README.md defines it.
    static func order(_ order: Order, methodName: String? = nil) -> MustacheValue {
        .object([
            "orderId": .string(order.orderId),
            "createdAtText": .string(PageContext.dateText(order.createdAt)),
            // The move to CANCELED is the order row's last change (later steps write the delivery's own rows).
            "canceledAtText": order.status == .canceled ? .string(PageContext.dateText(order.updatedAt)) : .null,
            "status": .string(order.status.rawValue),
            "statusText": .string(order.status.label),
            "customerName": .string(order.customerName),
            "customerPhone": .string(order.customerPhone),
            "methodName": .string(methodName ?? PaymentMethodNames.displayName(for: order.paymentMethod)),
            "totalText": .string(Won.format(order.totalPrice)),
            "goodsText": .string(Won.format(order.goodsPrice)),
            "shippingFeeText": .string(order.shippingFee == 0 ? "무료" : Won.format(order.shippingFee)),
            "totalQuantity": .int(order.totalQuantity),
            "orderName": .string(order.orderName),
            "lines": .array(order.lines.map { line in
                .object(["name": .string(line.productName), "quantity": .int(line.quantity),
                         "unitPriceText": .string(Won.format(line.unitPrice)), "lineTotalText": .string(Won.format(line.subtotal))])
            }),
        ])
    }

    /// A deadline in words, `12월 3일 14:00까지`; the provider's text as it came when it is not a timestamp.
    static func deadlineText(iso text: String) -> String {
        ProviderTimestamp.parse(text).map { PageContext.dayAndTimeText($0) + "까지" } ?? text
    }

    /// The provider's receipt lines as `{label, value}` pairs, for the shopper's and the back office's order pages.
    static func receiptLines(_ payment: StoredPayment) -> MustacheValue {
        .array(payment.receiptLines.map { .object(["label": .string($0.label), "value": .string($0.value)]) })
    }

    /// How the order was paid (`partials/payment-info`).
    static func payment(_ payment: StoredPayment) -> MustacheValue {
        var fields: [String: MustacheValue] = [
            "methodName": .string(payment.method ?? ""),
            "totalText": .string(Won.format(payment.totalPrice)),
            "paidText": .string(Won.format(payment.totalAmount)),
        ]
        // Points (토스포인트 and the like) are a means of payment the shopper spent, not a price cut, and a refund
        // returns them as points: each means shows what it paid and what went back to it.
        if payment.discount > 0 { fields["pointsText"] = .string(Won.format(payment.discount)) }
        if let approvedAt = payment.approvedAt { fields["approvedAtText"] = .string(PageContext.dateText(iso: approvedAt)) }
        // The provider's own lines (card and number, wallet, bank, a deposit's confirmation), as it worded them.
        if !payment.receiptLines.isEmpty { fields["receiptLines"] = OrderPages.receiptLines(payment) }
        // An account withdrawn before any deposit (the order expired or was canceled): nothing was paid, and its
        // number must not invite a deposit any more (the shop's own account would take it).
        let withdrawn = payment.virtualAccountNumber != nil && payment.approvedAt == nil
            && [.canceled, .expired, .aborted].contains(payment.status)
        if payment.virtualAccountNumber != nil, !withdrawn { fields["virtualAccount"] = Self.bankSlip(payment) }
        // Before the deposit nothing was paid: no 결제 일시 and no 실 결제 금액 (only 입금하실 금액, while it waits).
        fields["nothingPaid"] = .bool(payment.virtualAccountNumber != nil && (payment.status == .waitingForDeposit || withdrawn))
        if payment.refundedAmount > 0, !withdrawn {
            // Keys of their own: a section looks a missing key up in `payment`, whose paidText is another amount.
            var refund: [String: MustacheValue] = ["amountText": .string(Won.format(payment.refundedAmount))]
            if payment.discount > 0 {
                refund["toPaidMeansText"] = .string(Won.format(payment.refundedAmount - payment.pointsRefunded))
                refund["toPointsText"] = .string(Won.format(payment.pointsRefunded))
            }
            fields["refund"] = .object(refund)
        }
        return .object(fields)
    }

    /// One bank slip for every account a shopper pays into, a provider's virtual account or the shop's own: the
    /// amount to deposit while it waits, the bank, the number (with 복사), 예금주, 입금자명 and the deadline.
    static func bankSlip(_ payment: StoredPayment) -> MustacheValue {
        let waiting = payment.status == .waitingForDeposit
        var account: [String: MustacheValue] = [
            "bank": .string(payment.virtualAccountBank ?? ""),
            "accountNumber": .string(payment.virtualAccountNumber ?? ""),
            // A provider's virtual account is opened for the shop, and a bank app names the merchant; the shop's
            // own account (무통장입금) names the holder its options give.
            "holderName": .string(payment.virtualAccountOwner ?? ShopIdentity.merchantName),
            "dueText": .string(payment.virtualAccountDueDate.map(Self.deadlineText(iso:)) ?? ""),
            "waiting": .bool(waiting),
            "waitingLabel": .string(OrderStatus.waitingForDeposit.label),
        ]
        if waiting { account["amountDueText"] = .string(Won.format(payment.totalAmount)) }
        // The name the account was issued to (Toss's virtualAccount.customerName), else the order's: the name the
        // shopper deposits under.
        let depositor = [payment.virtualAccountHolder, payment.customerName].compactMap { $0 }.first { !$0.isEmpty }
        if let depositor { account["depositorName"] = .string(depositor) }
        return .object(account)
    }
}
