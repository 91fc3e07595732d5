import Foundation
import HTTP
import TestSupport
import Testing
@testable import Storefront

@Suite("Back-office dashboard")
struct AdminDashboardPageTests {
    @Test("a paid order shows in today's and this week's orders and revenue, by status, and in the 30-day table")
    func paidOrderCounts() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(shopper, shop.apple, quantity: 2)
            _ = try await shop.pay(shopper, orderId: orderId)
            try #require(try await shop.status(orderId) == .paid)
            let page = try await (try await shop.staffBrowser()).get("/admin").page()
            #expect(page.text("//div[@id='today-orders']/dd") == "1건")
            #expect(page.text("//div[@id='today-revenue']/dd") == "28,800원")
            #expect(page.text("//div[@id='week-revenue']/dd") == "28,800원")
            #expect(page.text("//table[@id='status-table']//tr[th='\(OrderStatus.paid.label)']/td") == "1")
            #expect(page.xpath("//table[@id='revenue-table']/tbody/tr").count == 30)
            #expect(page.text("//table[@id='revenue-table']/tbody/tr[1]/td[2]") == "28,800원")
        }
    }

    @Test("low-stock products are listed with their count, a sold-out one said in words")
    func lowStock() async throws {
        try await withPageShop { shop in
            let page = try await (try await shop.staffBrowser()).get("/admin").page()
            let rows = page.texts("//table[@id='low-stock-table']/tbody/tr")
            #expect(rows.contains { $0.contains("품절 우산") && $0.contains("0개 (품절)") })
            #expect(rows.contains { $0.contains("한정판 시계") && $0.contains("1개") })
            #expect(!rows.contains { $0.contains(PageShop.scriptedName) })
        }
    }

    @Test("the chart is an SVG without script: one hatched bar per day, each titled with its day and amount, labelled as an image")
    func chartReadableWithoutColour() async throws {
        try await withPageShop { shop in
            let response = try await (try await shop.staffBrowser()).get("/admin")
            let page = try response.page()
            #expect(page.xpath("//*[local-name()='svg']//*[local-name()='rect'][@fill='url(#bar-hatch)']").count == 30)
            #expect(page.xpath("//*[local-name()='svg']//*[local-name()='rect']/*[local-name()='title']").count == 30)
            #expect(page.first("//*[local-name()='svg'][@role='img']") != nil)
            #expect(page.xpath("//script").isEmpty)
        }
    }

    @Test("the chart's scale rounds the best day up and bars never leave the plot", arguments: [0, 9_999, 25_800, 1_234_567, 10_000_000_000])
    func chartScale(best: Int) {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let days = (0..<30).map { DashboardQueries.Day(start: start.addingTimeInterval(Double($0) * 86_400), orders: 1, revenue: $0 == 7 ? best : 0) }
        let chart = RevenueChart(days: days)
        #expect(chart.scaleMax >= max(best, 10_000))
        #expect(chart.scaleMax <= max(best, 10_000) * 10)
        guard case .object(let values) = chart.value, case .array(let bars)? = values["bars"] else { Issue.record("no bars"); return }
        #expect(bars.count == 30)
        for case .object(let bar) in bars {
            guard case .int(let y)? = bar["y"], case .int(let height)? = bar["height"] else { continue }
            #expect(y >= RevenueChart.top && height >= 0 && y + height == RevenueChart.height - RevenueChart.bottom)
        }
    }
}
