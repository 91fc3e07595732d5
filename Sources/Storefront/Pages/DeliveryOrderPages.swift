import Foundation
import HTTP
import Mustache

/// The delivery part of the shopper's order page: where the goods are (carrier, 송장번호 and the carrier's tracking
/// link), a timeline of what happened and when, 구매 확정 (`POST /orders/:orderId/confirm`) and 반품 요청
/// (`POST /orders/:orderId/return`). A refused return form comes back with the reasons and what was chosen.
struct DeliveryOrderPages: Sendable {
    let pages: OrderPages

    /// The return form as last posted.
    struct ReturnForm: Sendable {
        var quantities: [String: String]
        var reason: String
        var text: String
        var errors: ValidationErrors
    }

    func register(in group: inout RouterGroup<ShopperContext>) {
        group.post("/orders/:orderId/confirm") { request, shopper in await self.confirm(request, session: shopper.session) }
        group.post("/orders/:orderId/return") { request, shopper in try await self.requestReturn(request, session: shopper.session) }
    }

    func confirm(_ request: Request, session: Session) async -> Response {
        let orderId = request.parameters["orderId"] ?? ""
        do {
            try await pages.fulfilment.confirm(userId: session.userId, orderId: orderId)
            return pages.cookies.flashRedirect("/orders/\(orderId)", .orderConfirmed)
        } catch {
            return await pages.renderer.error(error.status, message: error.message, for: request)
        }
    }

    func requestReturn(_ request: Request, session: Session) async throws -> Response {
        let form: Parameters
        do { form = try request.pageForm() } catch { return await pages.renderer.error(error.status, message: error.message, for: request) }
        let orderId = request.parameters["orderId"] ?? ""
        // `return_qty_<productId>` fields, keyed by the product id's text.
        var quantities: [String: String] = [:]
        for (name, value) in form.pairs where name.hasPrefix("return_qty_") && quantities.count < OrderLimits.maxLineQuantity {
            quantities[String(name.dropFirst("return_qty_".count))] = value
        }
        let reason = form[ReturnService.reasonField] ?? "", text = form[ReturnService.textField] ?? ""
        do {
            try await pages.returns.request(userId: session.userId, orderId: orderId, quantities: quantities, reason: reason, text: text)
            return pages.cookies.flashRedirect("/orders/\(orderId)", .returnRequested)
        } catch {
            if case .validation(let errors) = error {
                return try await pages.detail(request, session: session,
                                          returnForm: ReturnForm(quantities: quantities, reason: reason, text: text, errors: errors),
                                          status: error.status)
            }
            return await pages.renderer.error(error.status, message: error.message, for: request)
        }
    }

    static let returnFieldNames = [
        ReturnService.reasonField: "reason", ReturnService.textField: "text", ReturnService.linesField: "lines",
    ]

    /// `pages/order`'s `delivery`, `timeline`, `canConfirm`, `returnForm` and `returns`.
    static func values(order: Order, delivery: OrderDelivery, returns: [OrderReturn], form: ReturnForm?) -> [String: MustacheValue] {
        let open = returns.contains { $0.status == .requested }
        var deliveryFields: [String: MustacheValue] = [
            "status": .string(delivery.status.rawValue), "label": .string(delivery.status.label),
            "recipient": .string(delivery.address.recipient), "phoneText": .string(delivery.address.phoneText),
            "addressText": .string(delivery.address.singleLine),
        ]
        if !delivery.request.isEmpty { deliveryFields["request"] = .string(delivery.request) }
        if let carrier = delivery.carrier, let number = delivery.trackingNumber, let url = delivery.trackingURL {
            deliveryFields["tracking"] = .object(["carrier": .string(carrier.name), "number": .string(number), "url": .string(url)])
        }
        var values: [String: MustacheValue] = [
            "delivery": .object(deliveryFields),
            "hasTimeline": .bool(true),
            "hasReturns": .bool(!returns.isEmpty),
            "timeline": .array(timeline(order: order, delivery: delivery, returns: returns).map { step in
                .object(["label": .string(step.label), "atText": .string(PageContext.dateText(step.at)),
                         "datetime": .string(ISO8601DateFormatter().string(from: step.at))])
            }),
            "canConfirm": .bool(delivery.status == .delivered && !open),
            "returns": .array(returns.map { entry in
                var fields: [String: MustacheValue] = [
                    "statusText": .string(entry.status.label), "reasonText": .string(entry.reason.label),
                    "requestedAtText": .string(PageContext.dateText(entry.requestedAt)),
                ]
                if !entry.reasonText.isEmpty { fields["text"] = .string(entry.reasonText) }
                if let amount = entry.refundAmount { fields["refundText"] = .string(Won.format(amount)) }
                if let fee = entry.returnFee, fee > 0 { fields["returnFeeText"] = .string(Won.format(fee)) }
                if let note = entry.decisionNote { fields["note"] = .string(note) }
                return .object(fields)
            }),
        ]
        if delivery.status.shopperMayRequestReturn && !open {
            values["returnForm"] = .object([
                "lines": .array(order.lines.map { line in
                    .object(["productId": .int(line.productId), "name": .string(line.productName), "max": .int(line.quantity),
                             "quantity": .string(TextLength.prefix(form?.quantities[String(line.productId)] ?? "", 3))])
                }),
                "reasons": .array(ReturnReason.allCases.map { reason in
                    .object(["value": .string(reason.rawValue), "label": .string(reason.label),
                             "selected": .bool(form?.reason == reason.rawValue)])
                }),
                "text": .string(TextLength.prefix(form?.text ?? "", ReturnService.maxTextLength)),
                "errors": PageContext.errors(form?.errors ?? [:], names: returnFieldNames),
                "hasErrors": .bool(!(form?.errors.isEmpty ?? true)),
            ])
        }
        return values
    }

    /// What happened to the order, oldest first.
    static func timeline(order: Order, delivery: OrderDelivery, returns: [OrderReturn]) -> [(label: String, at: Date)] {
        var steps: [(label: String, at: Date)] = [("주문 접수", order.createdAt)]
        if let at = delivery.preparedAt { steps.append(("결제 완료 · 상품 준비중", at)) }
        if let at = delivery.shippedAt { steps.append(("배송 시작", at)) }
        if let at = delivery.deliveredAt { steps.append(("배송 완료", at)) }
        if let at = delivery.confirmedAt { steps.append(("구매 확정", at)) }
        if let at = delivery.canceledAt { steps.append(("주문 취소", at)) }
        for entry in returns {
            steps.append(("반품 요청", entry.requestedAt))
            if let at = entry.decidedAt { steps.append((entry.status.label, at)) }
        }
        // A stable sort keeps same-second steps in the order they happen in.
        return steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}
