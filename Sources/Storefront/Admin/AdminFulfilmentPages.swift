import Foundation
import HTTP
import Mustache

/// `/admin/fulfilment` (배송 관리): the orders to ship (상품 준비중) and in transit (배송중), filtered by status and
/// 주문번호 or name, a page at a time; a ship form per order (택배사 + 송장번호), 배송 완료 for one order or the
/// ticked ones, and `/admin/fulfilment/{orderId}` with one order's delivery, timeline and actions. The CSV uploads
/// are in `AdminFulfilmentPages+Upload.swift`.
///
/// Every move goes through `FulfilmentService`, whose compare-and-set refuses an illegal move, and is audited in
/// the move's own write. A refused ship form comes back on the order's page with the message on its field.
struct AdminFulfilmentPages: Sendable {
    let fulfilment: FulfilmentService
    let queries: FulfilmentQueries
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    static let area = "fulfilment"
    /// The statuses the list shows, as its tabs.
    static let listed: [FulfilmentStatus] = [.preparing, .shipped]

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/fulfilment") { request, _ in try await list(request) }
        group.post("/fulfilment/delivered") { request, staff in try await deliverSelected(request, staff: staff) }
        registerUpload(in: &group)
        group.get("/fulfilment/:orderId") { request, _ in try await orderPage(request) }
        group.post("/fulfilment/:orderId/ship") { request, staff in try await ship(request, staff: staff) }
        group.post("/fulfilment/:orderId/delivered") { request, staff in try await deliver(request, staff: staff) }
    }

    /// The audit step of a move: `action` on `order:ID`, from the status before to the one after (with the carrier
    /// and 송장번호 once shipped).
    static func audit(_ staff: StaffContext, _ action: AuditAction, note: String = "") -> FulfilmentService.AuditStep {
        { db, delivery in
            let before = delivery.status == .shipped ? FulfilmentStatus.preparing : FulfilmentStatus.shipped
            var after = delivery.status.label
            if delivery.status == .shipped, let carrier = delivery.carrier, let number = delivery.trackingNumber {
                after += " · \(carrier.name) \(number)"
            }
            try AuditLog.record(db, staff.audit(action, target: "order:\(delivery.orderId)", before: before.label, after: after + note))
        }
    }

    // MARK: List

    func list(_ request: Request, tab: FulfilmentStatus? = nil, selectionError: String? = nil,
              status httpStatus: HTTPStatus = .ok) async throws -> Response {
        let status = tab ?? request.query["status"].flatMap(FulfilmentStatus.init(rawValue:)).flatMap { Self.listed.contains($0) ? $0 : nil } ?? .preparing
        let search = CatalogService.trimmedSearch(request.query["q"])
        let result = try await queries.orders(.init(status: status, search: search), page: PageNumber.requested(request.query["page"]))
        func href(_ page: Int) -> String {
            var parts = ["status=\(status.rawValue)"]
            if let search { parts.append("q=" + PageContext.queryEncode(search)) }
            if page > 1 { parts.append("page=\(page)") }
            return "/admin/fulfilment?" + parts.joined(separator: "&")
        }
        return renderer.page("admin/fulfilment", title: "배송 관리", area: Self.area, [
            "tabs": .array(Self.listed.map { tab in
                .object(["status": .string(tab.rawValue), "label": .string(tab.label), "current": .bool(tab == status),
                         "href": .string("/admin/fulfilment?status=\(tab.rawValue)")])
            }),
            "status": .string(status.rawValue),
            "statusLabel": .string(status.label),
            "isPreparing": .bool(status == .preparing),
            "isShipped": .bool(status == .shipped),
            "q": .string(search ?? ""),
            "total": .int(result.total),
            "hasOrders": .bool(!result.items.isEmpty),
            "orders": .array(result.items.map(Self.row)),
            "carriers": Self.carriers(selected: nil),
            "selectionError": selectionError.map(MustacheValue.string) ?? .null,
            "upload": Self.uploadForm(kind: status == .shipped ? .delivered : .ship),
            "pagination": PageContext.pagination(page: result.page, pageCount: result.pageCount, href: href),
        ], for: request, status: httpStatus)
    }

    static func row(_ item: FulfilmentQueueItem) -> MustacheValue {
        let delivery = item.delivery
        var values: [String: MustacheValue] = [
            "orderId": .string(delivery.orderId),
            "href": .string("/admin/fulfilment/\(delivery.orderId)"),
            "orderedAtText": .string(PageContext.dateText(item.orderedAt)),
            "customerName": .string(item.customerName),
            "recipient": .string(delivery.address.recipient),
            "addressText": .string(delivery.address.singleLine),
            "itemsText": .string(item.itemCount > 1 ? "\(item.firstItem) 외 \(item.itemCount - 1)건" : item.firstItem),
            "totalText": .string(Won.format(item.totalPrice)),
        ]
        if !delivery.request.isEmpty { values["request"] = .string(delivery.request) }
        if let carrier = delivery.carrier, let number = delivery.trackingNumber, let url = delivery.trackingURL {
            values["tracking"] = .object(["carrier": .string(carrier.name), "number": .string(number), "url": .string(url)])
        }
        if let shippedAt = delivery.shippedAt { values["shippedAtText"] = .string(PageContext.dateText(shippedAt)) }
        return .object(values)
    }

    static func carriers(selected: String?) -> MustacheValue {
        .array(Carrier.all.map { carrier in
            .object(["code": .string(carrier.code), "name": .string(carrier.name),
                     "selected": .bool(selected.flatMap(Carrier.named) == carrier)])
        })
    }

    // MARK: One order

    /// The order's page: delivery, lines, timeline, returns, and the move it allows next. `shipForm` is what a
    /// refused ship form held.
    func orderPage(_ request: Request, shipForm: (carrier: String, tracking: String, errors: ValidationErrors)? = nil,
                   alert: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let (order, delivery, returns) = try await queries.order(request.parameters["orderId"] ?? "")
        var values = DeliveryOrderPages.values(order: order, delivery: delivery, returns: returns, form: nil)
        values["returnForm"] = nil
        values["order"] = OrderPages.order(order)
        values["canShip"] = .bool(delivery.status == .preparing && order.status == .paid)
        values["canDeliver"] = .bool(delivery.status == .shipped)
        values["hasOpenReturn"] = .bool(returns.contains { $0.status == .requested })
        values["carriers"] = Self.carriers(selected: shipForm?.carrier)
        values["trackingInput"] = .string(TextLength.prefix(shipForm?.tracking ?? "", 40))
        values["errors"] = PageContext.errors(shipForm?.errors ?? [:], names: Self.shipFieldNames)
        values["alert"] = alert.map(MustacheValue.string) ?? .null
        return renderer.page("admin/fulfilment-order", title: "주문 \(order.orderId) 배송", area: Self.area, values,
                             for: request, status: status)
    }

    static let shipFieldNames = [FulfilmentService.carrierField: "carrier", FulfilmentService.trackingField: "tracking"]

    func ship(_ request: Request, staff: StaffContext) async throws -> Response {
        let form = try request.pageForm()
        let carrier = form[FulfilmentService.carrierField] ?? "", tracking = form[FulfilmentService.trackingField] ?? ""
        do {
            try await fulfilment.ship(orderId: request.parameters["orderId"] ?? "", carrier: carrier, trackingNumber: tracking,
                                      audit: Self.audit(staff, .orderShipped))
        } catch {
            switch error {
            case .validation(let errors):
                return try await orderPage(request, shipForm: (carrier, tracking, errors), status: .unprocessableContent)
            case .conflict(let message):
                return try await orderPage(request, alert: message, status: .conflict)
            default:
                throw error
            }
        }
        return cookies.flashRedirect("/admin/fulfilment", .orderShipped)
    }

    func deliver(_ request: Request, staff: StaffContext) async throws -> Response {
        do {
            try await fulfilment.markDelivered(orderId: request.parameters["orderId"] ?? "", audit: Self.audit(staff, .orderDelivered))
        } catch {
            guard case .conflict(let message) = error else { throw error }
            return try await orderPage(request, alert: message, status: .conflict)
        }
        return cookies.flashRedirect("/admin/fulfilment?status=\(FulfilmentStatus.shipped.rawValue)", .orderDelivered)
    }

    /// 선택한 주문 배송 완료: every ticked order in one write, or none (the list again with the refused order named).
    func deliverSelected(_ request: Request, staff: StaffContext) async throws -> Response {
        let form = try request.pageForm()
        do {
            try await fulfilment.markDelivered(orderIds: form.all(FulfilmentService.selectionField), audit: Self.audit(staff, .orderDelivered))
        } catch {
            guard case .validation(let errors) = error, let message = errors[FulfilmentService.selectionField] else { throw error }
            return try await list(request, tab: .shipped, selectionError: message, status: .unprocessableContent)
        }
        return cookies.flashRedirect("/admin/fulfilment?status=\(FulfilmentStatus.shipped.rawValue)", .orderDelivered)
    }
}
