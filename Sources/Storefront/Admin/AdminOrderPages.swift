import Database
import Foundation
import HTTP
import Mustache

/// `/admin/orders`: every shopper's orders with filters (payment status, method, fulfilment, Korea-day range, text),
/// 50 a page with the filter's totals, and the 정산 CSV of the same filter; the detail page, refunds and
/// 결제 상태 확인 are in the extensions beside this file. Operators and owners alike.
///
/// Guarantees: the CSV is UTF-8 with a BOM, one row per order, amounts as plain integers, no cell read as a formula
/// (`CSV.line`); one file holds at most `csvRowsPerFile` orders, read `AdminOrderRepository.maxBatch` at a
/// time, and a larger filter is offered as numbered parts, so no request holds the whole table.
struct AdminOrderPages: Sendable {
    let database: any DatabaseWriter
    let flow: PaymentFlow
    let refunds: OperatorRefunds
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    static let area = "orders"
    static let perPage = 50
    static let csvRowsPerFile = 10_000
    static let csvBatch = 500

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/orders") { request, _ in try await list(request) }
        group.get("/orders/export.csv") { request, _ in try await export(request) }
        group.get("/orders/:orderId") { request, _ in try await detail(request) }
        group.post("/orders/:orderId/refund") { request, staff in try await refund(request, staff: staff) }
        group.post("/orders/:orderId/check") { request, staff in try await check(request, staff: staff) }
    }

    static func orderId(_ request: Request) throws(ShopError) -> String {
        let id = request.parameters["orderId"] ?? ""
        guard OrderIdentifier.isValid(id) else { throw .notFound(.order) }
        return id
    }

    // MARK: List

    func list(_ request: Request) async throws -> Response {
        let filter = AdminOrderFilter { request.query[$0] }
        let page = PageNumber.requested(request.query["page"])
        let (wantedOffset, overflow) = (page - 1).multipliedReportingOverflow(by: Self.perPage)
        guard !overflow else { throw HTTPError(.badRequest) }
        let perPage = Self.perPage
        let (totals, rows, shown) = try await ShopError.mapping {
            try await database.read { db in
                let repository = AdminOrderRepository()
                let totals = try repository.totals(db, filter)
                let shown = min(page, PageNumber.count(total: totals.count, perPage: perPage))
                let offset = shown == page ? wantedOffset : (shown - 1) * perPage
                return (totals, try repository.rows(db, filter, limit: perPage, offset: offset), shown)
            }
        }
        let pageCount = PageNumber.count(total: totals.count, perPage: perPage)
        let query = filter.queryString
        func href(_ number: Int) -> String {
            let pairs = (query.isEmpty ? [] : [query]) + (number > 1 ? ["page=\(number)"] : [])
            return "/admin/orders" + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
        }
        let parts = max(1, (totals.count + Self.csvRowsPerFile - 1) / Self.csvRowsPerFile)
        let exportBase = "/admin/orders/export.csv" + (query.isEmpty ? "" : "?" + query)
        return renderer.page("admin/orders", title: "주문 관리", area: Self.area, [
            "filter": filterValues(filter),
            "dateNotice": KoreaDate.unreadableNotice(request.query["from"], request.query["until"]).map(MustacheValue.string) ?? .null,
            "totals": .object([
                "count": .int(totals.count), "amountText": .string(Won.format(totals.amount)),
                "refundedText": .string(Won.format(totals.refunded)),
                "netText": .string(Won.format(totals.amount - totals.refunded)),
            ]),
            "hasOrders": .bool(!rows.isEmpty),
            "orders": .array(rows.map(row)),
            "pagination": PageContext.pagination(page: shown, pageCount: pageCount, href: href),
            "exports": .array((1...parts).map { part in
                let from = (part - 1) * Self.csvRowsPerFile + 1, to = min(part * Self.csvRowsPerFile, max(totals.count, 1))
                let separator = query.isEmpty ? "?" : "&"
                return .object([
                    "href": .string(part == 1 ? exportBase : exportBase + separator + "part=\(part)"),
                    "label": .string(parts == 1 ? "CSV 내려받기 (정산용)" : "CSV \(part)부 (\(from)–\(to)번째)"),
                ])
            }),
        ], for: request)
    }

    func filterValues(_ filter: AdminOrderFilter) -> MustacheValue {
        .object([
            "q": .string(filter.text ?? ""),
            "from": .string(filter.from.map(KoreaDate.field) ?? ""),
            "until": .string(filter.until.map(KoreaDate.field) ?? ""),
            "statuses": .array(OrderStatus.allCases.map { status in
                .object(["value": .string(status.rawValue), "label": .string(status.label), "selected": .bool(status == filter.status)])
            }),
            "methods": .array(flow.methods.keys.sorted().map { id in
                .object(["value": .string(id), "label": .string(flow.displayName(for: id)), "selected": .bool(id == filter.method)])
            }),
            "fulfilments": .array(FulfilmentStatus.allCases.map { status in
                .object(["value": .string(status.rawValue), "label": .string(status.label), "selected": .bool(status == filter.fulfilment)])
            }),
        ])
    }

    func row(_ row: AdminOrderRow) -> MustacheValue {
        let order = row.order
        return .object([
            "orderId": .string(order.orderId), "href": .string("/admin/orders/\(order.orderId)"),
            "createdAtText": .string(PageContext.dateText(order.createdAt)),
            "customerName": .string(order.customerName), "signupId": .string(order.signupId),
            "phone": .string(order.customerPhone), "orderName": .string(order.orderName),
            "status": .string(order.status.rawValue), "statusText": .string(order.status.label),
            "methodName": .string(flow.displayName(for: order.paymentMethod)),
            "fulfilmentText": .string(row.fulfilment?.label ?? "—"),
            "totalText": .string(Won.format(order.totalPrice)),
            "refundedText": row.refunded > 0 ? .string(Won.format(row.refunded)) : .null,
        ])
    }

    // MARK: CSV

    static let csvHeader = ["주문번호", "주문일시", "주문자", "아이디", "연락처", "상품", "결제 상태", "결제 수단", "배송 상태",
                            "상품 금액", "배송비", "주문 금액", "환불 금액", "정산 금액", "결제 승인 일시"]

    func export(_ request: Request) async throws -> Response {
        let filter = AdminOrderFilter { request.query[$0] }
        let part = PageNumber.requested(request.query["part"])
        let (skip, overflow) = (part - 1).multipliedReportingOverflow(by: Self.csvRowsPerFile)
        guard !overflow else { throw HTTPError(.badRequest) }
        var text = CSV.byteOrderMark + CSV.line(Self.csvHeader)
        var before = Int.max, written = 0, offset = skip
        while written < Self.csvRowsPerFile {
            let limit = min(Self.csvBatch, Self.csvRowsPerFile - written), start = before, skipped = offset
            let batch = try await ShopError.mapping {
                try await database.read { db in try AdminOrderRepository().rows(db, filter, before: start, limit: limit, offset: skipped) }
            }
            for row in batch { text += CSV.line(csvCells(row)) }
            written += batch.count
            guard batch.count == limit, let last = batch.last else { break }
            // Keyset from here on: the next batch starts below the last id written, with nothing to skip.
            before = last.order.id
            offset = 0
        }
        var response = Response(status: .ok, contentType: "text/csv; charset=utf-8", body: text)
        let stamp = KoreaDate.field(Date()).replacingOccurrences(of: "-", with: "")
        response.headers.set("Content-Disposition", "attachment; filename=\"orders-\(stamp)\(part > 1 ? "-\(part)" : "").csv\"")
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    func csvCells(_ row: AdminOrderRow) -> [CSV.Field] {
        let order = row.order
        return [
            .text(order.orderId), .text(Self.csvDate(order.createdAt)), .text(order.customerName), .text(order.signupId),
            .text(order.customerPhone), .text(order.orderName), .text(order.status.label),
            .text(flow.displayName(for: order.paymentMethod)), .text(row.fulfilment?.label ?? ""),
            .number(order.goodsPrice), .number(order.shippingFee), .number(order.totalPrice), .number(row.refunded),
            .number(Self.settledAmount(row)), .text(row.approvedAt.flatMap(ProviderTimestamp.parse).map(Self.csvDate) ?? ""),
        ]
    }

    /// What the order brought in: a paid order's total less its refunds; 0 for any other (a canceled order was
    /// refunded in full, the rest never took money).
    static func settledAmount(_ row: AdminOrderRow) -> Int {
        row.order.status == .paid ? max(0, row.order.totalPrice - row.refunded) : 0
    }

    /// `2026-12-02 14:05:09`, Korea time, as spreadsheets read a date and time.
    static func csvDate(_ date: Date) -> String {
        let c = KoreaDate.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
