import Database
import Foundation
import HTTP
import Mustache

/// `/admin`: what needs attention now (orders stuck in CONFIRMING, deposits waiting, low stock), today's and this
/// week's paid orders and revenue net of refunds, orders by status, and the last 30 days as a chart with its table.
struct AdminDashboardPages: Sendable {
    let database: any DatabaseWriter
    let renderer: AdminRenderer
    var now: @Sendable () -> Date = { Date() }

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/") { request, _ in try await show(request) }
    }

    func show(_ request: Request) async throws -> Response {
        let at = now()
        let snapshot = try await ShopError.mapping { try await database.read { db in try DashboardQueries().snapshot(db, now: at) } }
        return renderer.page("admin/dashboard", title: "대시보드", area: "dashboard", [
            "todayText": .string(KoreaDate.field(at)),
            "today": Self.sales(snapshot.today),
            "week": Self.sales(snapshot.week),
            "statuses": .array(snapshot.byStatus.map { .object(["label": .string($0.status.label), "count": .int($0.count)]) }),
            "depositsWaiting": .int(snapshot.depositsWaiting),
            "stuckCount": .int(snapshot.stuckConfirming.count),
            "hasStuck": .bool(!snapshot.stuckConfirming.isEmpty),
            "stuckOrders": .array(snapshot.stuckConfirming.map { .object(["orderId": .string($0)]) }),
            "lowStock": .array(snapshot.lowStock.map { item in
                .object(["productId": .int(item.productId), "productName": .string(item.name), "quantity": .int(item.quantity),
                         "soldOut": .bool(item.quantity == 0)])
            }),
            "hasLowStock": .bool(!snapshot.lowStock.isEmpty),
            "chart": RevenueChart(days: snapshot.days).value,
            "days": .array(snapshot.days.reversed().map { day in
                .object(["dateText": .string(KoreaDate.field(day.start)), "orders": .int(day.orders),
                         "revenueText": .string(Won.format(day.revenue))])
            }),
        ], for: request)
    }

    static func sales(_ sales: DashboardQueries.Sales) -> MustacheValue {
        .object(["orders": .int(sales.orders), "revenueText": .string(Won.format(sales.revenue))])
    }
}
