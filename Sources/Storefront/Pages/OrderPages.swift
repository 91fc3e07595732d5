import Foundation
import HTTP
import Mustache
import PluginKit

/// Order history, order detail and the shopper's 주문 취소. Another shopper's order is indistinguishable from a
/// missing one (404). A paid order whose refund needs the shopper's account (a deposited virtual account) shows the
/// account fields in its cancel form; a cancel refused for the account shows the page again with the reasons
/// beside the fields and what was typed, and changes nothing.
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
        group.post("/orders/:orderId/cancel") { request, shopper in try await self.cancel(request, session: shopper.session) }
        DeliveryOrderPages(pages: self).register(in: &group)
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
                        "totalText": .string(Won.format(overview.order.totalPrice)),
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

    func detail(_ request: Request, session: Session, refund: RefundForm? = nil, returnForm: DeliveryOrderPages.ReturnForm? = nil,
                status: HTTPStatus = .ok) async throws -> Response {
        do {
            let detail = try await orders.detail(userId: session.userId, orderId: request.parameters["orderId"] ?? "")
            let (delivery, returns) = try await fulfilment.tracking(userId: session.userId, orderId: detail.order.orderId)
            let payable = detail.order.status == .paid || detail.order.status == .waitingForDeposit
            var values: [String: MustacheValue] = [
                "order": Self.order(detail.order, methodName: flow.displayName(for: detail.order.paymentMethod)),
                // Only before the goods leave (DESIGN.md's fulfilment line); an order from before delivery existed keeps
                // the payment rule alone.
                "canCancel": .bool(payable && (delivery?.status.shopperMayCancel ?? true)),
            ]
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
            if let banks = flow.refundBanks(for: detail.order, payment: detail.payment) {
                values["refundAccount"] = Self.refundAccount(banks: banks, refund)
            }
            return await renderer.page("pages/order", title: "주문 상세", values, for: request, status: status)
        } catch {
            throw error
        }
    }

    func cancel(_ request: Request, session: Session) async throws -> Response {
        let form = try request.pageForm()
        let input = RefundAccountInput(bankCode: form[RefundAccountInput.bankField] ?? "",
                                       accountNumber: form[RefundAccountInput.numberField] ?? "",
                                       holderName: form[RefundAccountInput.holderField] ?? "")
        do {
            let order = try await fulfilment.cancel(userId: session.userId, orderId: request.parameters["orderId"] ?? "", refundAccount: input)
            return cookies.flashRedirect("/orders/\(order.orderId)", .orderCanceled)
        } catch {
            if case .validation(let errors) = error {
                return try await detail(request, session: session, refund: RefundForm(input: input, errors: errors), status: error.status)
            }
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

    /// How the order was paid (`partials/payment-info`).
    static func payment(_ payment: TossPaymentRecord) -> MustacheValue {
        var fields: [String: MustacheValue] = [
            "methodName": .string(payment.method ?? ""),
            "totalText": .string(Won.format(payment.totalPrice)),
            "paidText": .string(Won.format(payment.totalAmount)),
        ]
        // Points (토스포인트 and the like) are a means of payment the shopper spent, not a price cut, and a refund
        // returns them as points: each means shows what it paid and what went back to it.
        if payment.discount > 0 { fields["pointsText"] = .string(Won.format(payment.discount)) }
        if let approvedAt = payment.approvedAt { fields["approvedAtText"] = .string(PageContext.dateText(iso: approvedAt)) }
        if let provider = payment.easyPayProvider { fields["easyPay"] = .object(["provider": .string(provider)]) }
        if let company = payment.cardCompany {
            fields["card"] = .object(["company": .string(company), "number": .string(payment.cardNumber ?? "")])
        }
        if let bank = payment.transferBank { fields["transfer"] = .object(["bank": .string(bank)]) }
        // A provider that words its own lines (무통장입금: the shop's account, its holder, the deadline) is shown by
        // them instead of the virtual-account block, whose labels are Toss's.
        let lines = payment.decodedReceiptLines
        if !lines.isEmpty {
            fields["receiptLines"] = .array(lines.map { .object(["label": .string($0.label), "value": .string($0.value)]) })
        } else if let number = payment.virtualAccountNumber {
            var account: [String: MustacheValue] = [
                "bank": .string(payment.virtualAccountBank ?? ""),
                "accountNumber": .string(number),
                "dueDateText": .string(payment.virtualAccountDueDate.map(PageContext.dateText(iso:)) ?? ""),
                "waiting": .bool(payment.status == .waitingForDeposit),
                "waitingLabel": .string(OrderStatus.waitingForDeposit.label),
            ]
            // Toss's virtualAccount.customerName is the buyer the account was issued to, not the account's holder
            // (a bank app shows another name) nor who deposits (anyone may, Toss matches the amount): 주문자.
            if let buyer = payment.virtualAccountHolder, !buyer.isEmpty { account["buyerName"] = .string(buyer) }
            fields["virtualAccount"] = .object(account)
        }
        if payment.refundedAmount > 0 {
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
}
