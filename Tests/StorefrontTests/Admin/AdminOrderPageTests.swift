import Foundation
import PluginKit
import TestSupport
import Testing
@testable import Storefront

/// The back office's order pages: the list with its filters and totals, the 정산 CSV, the detail page, and the
/// refund form's refusals. Two apples are 25,800원 of goods plus the 3,000원 fee: 28,800원.
@Suite("Back office: orders", .timeLimit(.minutes(2)))
struct AdminOrderPageTests {
    /// A shopper's paid order of `quantity` apples; returns the shopper's browser and the order id.
    static func paidOrder(_ shop: PageShop, quantity: Int = 2) async throws -> (TestBrowser, String) {
        let browser = try await shop.signedInBrowser()
        let orderId = try await shop.placeOrder(browser, shop.apple, quantity: quantity)
        _ = try await shop.pay(browser, orderId: orderId)
        try #require(try await shop.status(orderId) == .paid)
        return (browser, orderId)
    }

    static func payment(_ shop: PageShop, _ orderId: String) async throws -> StoredPayment? {
        try await shop.shop.read { db in try PaymentRepository().find(db, orderId: orderId) }
    }

    /// The refund form's fields for `mode`, with the balance the page shows.
    static func refundFields(_ page: HTMLDocument, mode: String, reason: String, amount: String = "",
                             quantities: [(Int, String)] = []) throws -> [(String, String)] {
        let balance = try #require(page.first("//form[\(hasClass("refund-form"))]//input[@name='balance']")?.attribute("value"))
        return [("refund_mode", mode), ("refund_reason", reason), ("refund_amount", amount), ("balance", balance)]
            + quantities.map { ("refund_qty_\($0.0)", $0.1) }
    }

    @Test("the list shows every shopper's orders with totals for the filter, and filters by text and status")
    func listAndFilters() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let all = try await staff.get("/admin/orders").page()
            #expect(all.texts("//table[\(hasClass("orders-table"))]//td[\(hasClass("mono"))]/a") == [orderId])
            #expect(all.text("//dd[\(hasClass("total-count"))]") == "1건")
            #expect(all.text("//dd[\(hasClass("total-amount"))]") == "28,800원")
            let byText = try await staff.get("/admin/orders?q=\(orderId)").page()
            #expect(byText.texts("//table[\(hasClass("orders-table"))]//td[\(hasClass("mono"))]/a") == [orderId])
            let byPhone = try await staff.get("/admin/orders?q=010-1234-5678").page()
            #expect(byPhone.text("//dd[\(hasClass("total-count"))]") == "1건")
            let failed = try await staff.get("/admin/orders?status=FAILED").page()
            #expect(failed.text("//dd[\(hasClass("total-count"))]") == "0건")
            #expect(failed.text("//p[\(hasClass("empty-state"))]") == "조건에 맞는 주문이 없습니다.")
            let tomorrow = KoreaDate.field(KoreaDate.adding(days: 1, to: Date()))
            let future = try await staff.get("/admin/orders?from=\(tomorrow)").page()
            #expect(future.text("//dd[\(hasClass("total-count"))]") == "0건")
        }
    }

    @Test("a date the list cannot read is left out of the filter, and the list says so", arguments: ["/admin/orders", "/admin/audit"])
    func unreadableDate(_ path: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let junk = try await browser.get(path + "?from=9999-99-99&until=2026-02-30").page()
            #expect(junk.text("//p[\(hasClass("date-notice"))]") == KoreaDate.unreadableNotice("x"))
            let fine = try await browser.get(path + "?from=2026-12-01").page()
            #expect(fine.first("//p[\(hasClass("date-notice"))]") == nil)
        }
    }

    @Test("the 정산 CSV is UTF-8 with a BOM, one row per order, amounts as integers")
    func csvExport() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let response = try await staff.get("/admin/orders/export.csv")
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"]?.hasPrefix("text/csv") == true)
            #expect(Array(response.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: response.body, as: UTF8.self).dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("주문번호,주문일시,주문자") == true)
            let cells = lines.last?.components(separatedBy: ",") ?? []
            #expect(cells.first == orderId)
            #expect(cells.contains("28800") && cells.contains("25800") && cells.contains("3000"))
        }
    }

    @Test("a CSV cell that would be a formula is written as text")
    func csvDefusesFormulas() {
        #expect(CSV.line([.text("=HYPERLINK(\"x\")"), .text("+1"), .text("-2"), .text("@SUM"), .number(-5), .number(28_800)])
            == "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM,-5,28800\r\n")
    }

    @Test("the detail page shows the lines, the masked card, the delivery, the events and where the log lines are")
    func detail() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let page = try await staff.get("/admin/orders/\(orderId)").page()
            #expect(page.xpath("//h1").count == 1)
            #expect(page.texts("//table[\(hasClass("order-lines"))]//td/a") == ["사과"])
            #expect(page.text("//dl[\(hasClass("payment-record"))]/dt[.='카드']/following-sibling::dd[1]") == FakePaymentMethod.card)
            #expect(page.text("//dd[\(hasClass("refundable-amount"))]") == "28,800원")
            #expect(page.first("//section[@id='fulfilment']//span[\(hasClass("delivery-status"))]") != nil)
            #expect(page.texts("//td[\(hasClass("event-topic"))]").contains("order.paid"))
            #expect(page.text("//code[\(hasClass("log-command"))]")?.contains("order_id=\(orderId)") == true)
            #expect(page.first("//form[\(hasClass("refund-form"))]//input[@name='_csrf']") != nil)
        }
    }

    @Test("an unknown order is 404 in the back office's layout")
    func unknownOrder() async throws {
        try await withPageShop { shop in
            let staff = try await shop.staffBrowser("op1", role: .operator)
            #expect(try await staff.get("/admin/orders/ord_doesnotexist").status == 404)
        }
    }

    @Test("refusals change nothing: a bad amount, one over the balance, no reason, no lines, each on its field (422)")
    func refusals() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let page = try await staff.get("/admin/orders/\(orderId)").page()
            let cases: [([(String, String)], String)] = [
                (try Self.refundFields(page, mode: "amount", reason: "보상", amount: "abc"), "refund-amount-error"),
                (try Self.refundFields(page, mode: "amount", reason: "보상", amount: "28,801"), "refund-amount-error"),
                (try Self.refundFields(page, mode: "amount", reason: "   ", amount: "1000"), "refund-reason-error"),
                (try Self.refundFields(page, mode: "lines", reason: "보상", quantities: [(shop.apple.id, "3")]), "refund-lines-error"),
                (try Self.refundFields(page, mode: "lines", reason: "보상"), "refund-lines-error"),
            ]
            for (fields, errorId) in cases {
                let response = try await staff.adminSubmit("/admin/orders/\(orderId)/refund", fields: fields)
                #expect(response.status == 422, "\(fields)")
                #expect(try response.page().first("//p[@id='\(errorId)']") != nil, "\(fields)")
            }
            #expect(shop.method.cancelCallCount == 0)
            #expect(try await Self.payment(shop, orderId)?.refundedAmount == 0)
            #expect(try await shop.audit(.init(action: .orderRefunded)).isEmpty)
        }
    }

    @Test("a 10 MB reason is refused before it reaches the refund")
    func hugeReason() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let page = try await staff.get("/admin/orders/\(orderId)").page()
            let fields = try Self.refundFields(page, mode: "amount", reason: String(repeating: "가", count: 10 * 1024 * 1024 / 3), amount: "1000")
            let response = try? await staff.adminSubmit("/admin/orders/\(orderId)/refund", fields: fields)
            #expect(response == nil || response?.status == 413)
            #expect(shop.method.cancelCallCount == 0)
            #expect(try await Self.payment(shop, orderId)?.refundedAmount == 0)
        }
    }

    @Test("a form drawn before another operator's refund is refused with 409 and a clear message")
    func staleForm() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let first = try await shop.staffBrowser("op1", role: .operator)
            let second = try await shop.staffBrowser("op2", role: .operator)
            let secondPage = try await second.get("/admin/orders/\(orderId)").page()
            let firstPage = try await first.get("/admin/orders/\(orderId)").page()
            let done = try await first.adminSubmit("/admin/orders/\(orderId)/refund",
                                                   fields: try Self.refundFields(firstPage, mode: "amount", reason: "보상", amount: "1000"))
            #expect(done.status == 200)
            let stale = try await second.adminSubmit("/admin/orders/\(orderId)/refund",
                                                     fields: try Self.refundFields(secondPage, mode: "amount", reason: "보상", amount: "2000"))
            #expect(stale.status == 409)
            #expect(try stale.page().text("//p[\(hasClass("refund-alert"))]") == PaymentFlow.refundStaleMessage)
            #expect(try await Self.payment(shop, orderId)?.refundedAmount == 1_000)
        }
    }

    @Test("결제 상태 확인 is offered for an order still confirming, asks the provider and is audited")
    func statusCheck() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            // The confirm's answer was lost: the order waits in CONFIRMING for the reconciler.
            shop.method.state.withLock { $0.confirmBehaviour = .fail(PaymentError(.unknownOutcome, code: "NETWORK", message: "timeout")) }
            _ = try await shop.pay(browser, orderId: orderId)
            try #require(try await shop.status(orderId) == .confirming)
            shop.method.state.withLock { $0.confirmBehaviour = .approve(.done, discount: 0) }
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let page = try await staff.get("/admin/orders/\(orderId)").page()
            #expect(page.first("//form[\(hasClass("check-form"))]//button") != nil)
            let checked = try await staff.adminSubmit("/admin/orders/\(orderId)/check", fields: [])
            #expect(checked.status == 200)
            #expect(try checked.page().text("//div[\(hasClass("flash"))]") != nil)
            let entry = try #require(try await shop.audit(.init(action: .orderStatusChecked)).first)
            #expect(entry.entry.staffId == "op1" && entry.entry.target == "order:\(orderId)")
            #expect(entry.entry.before == OrderStatus.confirming.label)
        }
    }

    @Test("end to end: a shopper buys two, the operator refunds one by line, the shopper's page and the audit log show it")
    func refundOneUnit() async throws {
        try await withPageShop { shop in
            let (shopper, orderId) = try await Self.paidOrder(shop)
            let stockBefore = try await shop.shop.stock(shop.apple.id)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let page = try await staff.get("/admin/orders/\(orderId)").page()
            let fields = try Self.refundFields(page, mode: "lines", reason: "한 개 파손", quantities: [(shop.apple.id, "1")])
            let refunded = try await staff.adminSubmit("/admin/orders/\(orderId)/refund", fields: fields)
            #expect(refunded.status == 200)
            let after = try refunded.page()
            #expect(after.text("//div[\(hasClass("flash"))]") == AdminFlash.orderRefunded.message)
            #expect(after.text("//td[\(hasClass("refund-amount"))]") == "12,900원")
            #expect(after.text("//td[\(hasClass("refund-by"))]") == "op1")
            #expect(after.text("//dd[\(hasClass("refundable-amount"))]") == "15,900원")
            #expect(after.text("//td[\(hasClass("refunded-quantity"))]") == "1")
            #expect(try await shop.status(orderId) == .paid)
            #expect(try await shop.shop.stock(shop.apple.id) == stockBefore + 1)
            let shopperPage = try await shopper.get("/orders/\(orderId)").page()
            #expect(shopperPage.text("//li[\(hasClass("refund-entry"))]//strong[\(hasClass("refund-amount"))]") == "12,900원")
            #expect(shopperPage.text("//li[\(hasClass("refund-entry"))]//span[\(hasClass("refund-reason"))]") == "한 개 파손")
            let entry = try #require(try await shop.audit(.init(action: .orderRefunded)).first)
            #expect(entry.entry.staffId == "op1" && entry.entry.target == "order:\(orderId)")
            #expect(entry.entry.after?.contains("12,900원 (사과 1개)") == true)
            let audit = try await staff.get("/admin/audit?action=order.refunded").page()
            #expect(audit.texts("//table[\(hasClass("audit-table"))]//tbody/tr/td[3]") == ["환불"])
        }
    }

    @Test("refunding the last units by line refunds the shipping fee too and cancels the order")
    func lastUnitsTakeTheFee() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let page = try await staff.get("/admin/orders/\(orderId)").page()
            let fields = try Self.refundFields(page, mode: "lines", reason: "품절로 전체 취소", quantities: [(shop.apple.id, "2")])
            let response = try await staff.adminSubmit("/admin/orders/\(orderId)/refund", fields: fields)
            #expect(try response.page().text("//div[\(hasClass("flash"))]") == AdminFlash.orderCanceledByRefund.message)
            #expect(try await Self.payment(shop, orderId)?.refundedAmount == 28_800)
            #expect(try await shop.status(orderId) == .canceled)
        }
    }
}
