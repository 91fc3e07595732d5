import Foundation
import HTTP
import Mustache

/// 주문 취소 asks first: `GET /orders/:orderId/cancel` states what will be refunded and to which means (the card,
/// the points, the account the shopper types for a deposited virtual account) and offers a list of reasons;
/// `POST /orders/:orderId/cancel` cancels. A refused post (no reason chosen, a bad refund account) shows the same
/// step again with a focused summary and the reasons beside the fields, what was typed kept, and changes nothing.
/// An order that may no longer be canceled sends the step's visitor to the order page, which says why.
struct OrderCancelPages: Sendable {
    let pages: OrderPages

    /// The step's form as it was last posted.
    struct CancelForm: Sendable {
        var reason: String
        var account: RefundAccountInput
        var errors: ValidationErrors
    }

    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/orders/:orderId/cancel") { request, shopper in try await self.step(request, session: shopper.session) }
        group.post("/orders/:orderId/cancel") { request, shopper in try await self.cancel(request, session: shopper.session) }
    }

    func step(_ request: Request, session: Session, form: CancelForm? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let detail = try await pages.orders.detail(userId: session.userId, orderId: request.parameters["orderId"] ?? "")
        let order = detail.order
        let (delivery, _) = try await pages.fulfilment.tracking(userId: session.userId, orderId: order.orderId)
        guard OrderPages.mayCancel(order, delivery: delivery?.status) else { return .redirect(to: "/orders/\(order.orderId)") }
        let banks = pages.flow.refundBanks(for: order, payment: detail.payment)
        var values: [String: MustacheValue] = [
            "order": OrderPages.order(order, methodName: pages.flow.displayName(for: order.paymentMethod)),
            "refund": Self.refund(order, payment: detail.payment, toAccount: banks != nil,
                                  methodName: pages.flow.displayName(for: order.paymentMethod)),
            "reasons": .array(CancelReason.allCases.map { reason in
                .object(["value": .string(reason.rawValue), "label": .string(reason.label),
                         "selected": .bool(form?.reason == reason.rawValue)])
            }),
            "errors": PageContext.errors(form?.errors ?? [:], names: Self.fieldNames),
            "form": .object(["errorSummary": PageContext.errorSummary(form?.errors ?? [:], fields: Self.summaryFields)]),
        ]
        if let banks {
            values["refundAccount"] = OrderPages.refundAccount(banks: banks, form.map { OrderPages.RefundForm(input: $0.account, errors: $0.errors) })
        }
        return await pages.renderer.page("pages/order-cancel", title: "주문 취소", values, for: request, status: status)
    }

    func cancel(_ request: Request, session: Session) async throws -> Response {
        let form = try request.pageForm()
        let account = RefundAccountInput(bankCode: form[RefundAccountInput.bankField] ?? "",
                                         accountNumber: form[RefundAccountInput.numberField] ?? "",
                                         holderName: form[RefundAccountInput.holderField] ?? "")
        let posted = form[CancelReason.field]
        let typed = CancelForm(reason: TextLength.prefix(posted ?? "", 32), account: account, errors: [:])
        do {
            let reason = try CancelReason.posted(posted)
            let order = try await pages.fulfilment.cancel(userId: session.userId, orderId: request.parameters["orderId"] ?? "",
                                                          refundAccount: account, reason: reason)
            return pages.cookies.flashRedirect("/orders/\(order.orderId)", .orderCanceled)
        } catch {
            if case .validation(let errors) = error {
                var refused = typed
                refused.errors = errors
                return try await step(request, session: session, form: refused, status: error.status)
            }
            throw error
        }
    }

    static let fieldNames = [CancelReason.field: "reason"]

    static let summaryFields: [PageContext.SummaryField] = [
        .init(name: CancelReason.field, inputId: "cancel-reason", label: "취소 사유"),
        .init(name: RefundAccountInput.bankField, inputId: "refund-bank", label: "환불받을 은행"),
        .init(name: RefundAccountInput.numberField, inputId: "refund-account-number", label: "계좌번호"),
        .init(name: RefundAccountInput.holderField, inputId: "refund-holder-name", label: "예금주"),
    ]

    /// What the cancel gives back (`pages/order-cancel`'s `refund`): everything the payment has left, split into
    /// the part that returns as points (spent points come back as points) and the rest, which goes to the means
    /// that paid it or, for a deposited virtual account, to the account typed below. Null before any deposit:
    /// there is nothing to give back.
    static func refund(_ order: Order, payment: StoredPayment?, toAccount: Bool, methodName: String) -> MustacheValue {
        guard order.status == .paid else { return .null }
        let balance = payment?.balanceAmount ?? order.totalPrice
        let pointsLeft = max(0, (payment?.discount ?? 0) - (payment?.pointsRefunded ?? 0))
        let points = min(pointsLeft, balance)
        // Where the money came from, as the provider worded it (`PaymentRecord.paidFrom`), else the method's name.
        let means = toAccount ? "입력하신 계좌" : payment?.paidFrom ?? methodName
        var fields: [String: MustacheValue] = [
            "amountText": .string(Won.format(balance)),
            "meansName": .string(means),
            "toMeansText": .string(Won.format(balance - points)),
        ]
        if points > 0 { fields["toPointsText"] = .string(Won.format(points)) }
        return .object(fields)
    }
}
