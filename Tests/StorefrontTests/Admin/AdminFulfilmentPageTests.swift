import Foundation
import TestSupport
import Testing
@testable import Storefront

extension PageShop {
    /// An order `shopper` placed and paid through the pages: PAID, fulfilment PREPARING.
    func paidOrder(_ shopper: TestBrowser, _ product: Product? = nil, quantity: Int = 1) async throws -> String {
        let orderId = try await placeOrder(shopper, product ?? apple, quantity: quantity)
        try #require(try await pay(shopper, orderId: orderId).status == 200)
        return orderId
    }

    func fulfilmentStatus(_ orderId: String) async throws -> FulfilmentStatus? {
        try await shop.read { db in try OrderDeliveryRepository().find(db, orderId: orderId) }?.status
    }

    /// Ships `orderId` as the operator's page does.
    func ship(_ staff: TestBrowser, _ orderId: String, carrier: String = "cj", tracking: String = "1234-5678-9012") async throws -> TestResponse {
        try await staff.adminSubmit("/admin/fulfilment/\(orderId)/ship", fields: [("carrier", carrier), ("tracking_number", tracking)])
    }
}

extension TestBrowser {
    /// Posts the 배송 관리 CSV form as a browser sends it: multipart, the CSRF token in the action's query.
    func uploadShipments(kind: String, csv: [UInt8], filename: String = "invoices.csv") async throws -> TestResponse {
        let page = try HTMLDocument(try await get("/admin/fulfilment"))
        let action = try #require(page.first("//form[@enctype='multipart/form-data']")?.attribute("action"))
        var body = Array("--Csv0\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n\(kind)\r\n".utf8)
        body += Array("--Csv0\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        body += csv + Array("\r\n--Csv0--\r\n".utf8)
        return try await request("POST", action, headers: [("Content-Type", "multipart/form-data; boundary=Csv0")], body: body)
    }
}

@Suite("Back office: 배송 관리", .timeLimit(.minutes(2)))
struct AdminFulfilmentPageTests {
    @Test("a paid order is listed to ship; shipping it with a carrier and number shows the shopper 배송중 with the link, audited")
    func shipOne() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let orderId = try await shop.paidOrder(shopper)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let list = try await staff.get("/admin/fulfilment").page()
            #expect(list.text("//tr[@id='order-\(orderId)']/td[1]") == orderId)
            #expect(list.xpath("//tr[@id='order-\(orderId)']//select[@name='carrier']/option").count == Carrier.all.count + 1)

            let shipped = try await shop.ship(staff, orderId)
            #expect(shipped.status == 200)
            #expect(try shipped.page().text("//div[\(hasClass("flash"))]") == AdminFlash.orderShipped.message)
            #expect(try await shop.fulfilmentStatus(orderId) == .shipped)
            let entry = try #require(try await shop.audit(.init(action: .orderShipped)).first)
            #expect(entry.entry.staffId == "op1" && entry.entry.target == "order:\(orderId)")
            #expect(entry.entry.before == "상품 준비중" && entry.entry.after == "배송중 · CJ대한통운 123456789012")

            let order = try await shopper.get("/orders/\(orderId)").page()
            #expect(order.text("//span[\(hasClass("delivery-status"))]") == "배송중")
            #expect(order.first("//a[\(hasClass("tracking-link"))]")?.attribute("href")?.hasSuffix("wblNo=123456789012") == true)
            let transit = try await staff.get("/admin/fulfilment?status=SHIPPED").page()
            #expect(transit.text("//tr[@id='order-\(orderId)']//a[\(hasClass("tracking-link"))]") == "123456789012 배송 조회 (새 창)")
        }
    }

    @Test("a ship form with no carrier and a short number comes back on the order page with both messages and ships nothing")
    func shipRefused() async throws {
        try await withPageShop { shop in
            let orderId = try await shop.paidOrder(try await shop.signedInBrowser())
            let staff = try await shop.staffBrowser()
            let response = try await shop.ship(staff, orderId, carrier: "", tracking: "12-34")
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='ship-carrier-error']") == FulfilmentService.carrierMessage)
            #expect(page.text("//p[@id='ship-tracking-error']") == TrackingNumber.message)
            #expect(page.first("//input[@id='ship-tracking']")?.attribute("value") == "12-34")
            #expect(page.xpath("//h1").count == 1)
            #expect(try await shop.fulfilmentStatus(orderId) == .preparing)
            #expect(try await shop.audit(.init(action: .orderShipped)).isEmpty)
        }
    }

    @Test("shipping an order twice is refused the second time with its state, and the first number stays")
    func shipTwice() async throws {
        try await withPageShop { shop in
            let orderId = try await shop.paidOrder(try await shop.signedInBrowser())
            let staff = try await shop.staffBrowser()
            #expect(try await shop.ship(staff, orderId).status == 200)
            let again = try await shop.ship(staff, orderId, carrier: "logen", tracking: "99999999999")
            #expect(again.status == 409)
            #expect(try again.page().text("//p[@id='order-alert']")?.contains("배송중") == true)
            let delivery = try #require(try await shop.shop.read { db in try OrderDeliveryRepository().find(db, orderId: orderId) })
            #expect(delivery.carrier?.code == "cj" && delivery.trackingNumber == "123456789012")
        }
    }

    @Test("the ticked orders are marked delivered together; a selection holding one not shipped moves none and names it")
    func deliverSelected() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let first = try await shop.paidOrder(shopper), second = try await shop.paidOrder(shopper), waiting = try await shop.paidOrder(shopper)
            let staff = try await shop.staffBrowser()
            _ = try await shop.ship(staff, first)
            _ = try await shop.ship(staff, second, tracking: "5555-6666-7777")
            let transit = try await staff.get("/admin/fulfilment?status=SHIPPED").page()
            #expect(transit.xpath("//input[@type='checkbox'][@form='deliver-selected']").count == 2)

            let refused = try await staff.adminSubmit("/admin/fulfilment/delivered", fields: [("order_id", first), ("order_id", waiting)])
            #expect(refused.status == 422)
            #expect(try refused.page().text("//p[@id='selection-error']")?.hasPrefix("주문 \(waiting):") == true)
            #expect(try await shop.fulfilmentStatus(first) == .shipped)

            let done = try await staff.adminSubmit("/admin/fulfilment/delivered", fields: [("order_id", first), ("order_id", second)])
            #expect(done.status == 200)
            #expect(try await shop.fulfilmentStatus(first) == .delivered)
            #expect(try await shop.fulfilmentStatus(second) == .delivered)
            #expect(try await shop.audit(.init(action: .orderDelivered)).count == 2)
        }
    }

    @Test("one order's page marks it delivered, and the shopper then may confirm")
    func deliverOne() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let orderId = try await shop.paidOrder(shopper)
            let staff = try await shop.staffBrowser()
            _ = try await shop.ship(staff, orderId)
            let page = try await staff.get("/admin/fulfilment/\(orderId)").page()
            #expect(page.text("//h1") == "주문 \(orderId)")
            #expect(page.texts("//ol[\(hasClass("timeline"))]//span[\(hasClass("timeline-label"))]") == ["주문 접수", "결제 완료 · 상품 준비중", "배송 시작"])
            let done = try await staff.adminSubmit("/admin/fulfilment/\(orderId)/delivered", fields: [])
            #expect(done.status == 200)
            #expect(try await shop.fulfilmentStatus(orderId) == .delivered)
            let order = try await shopper.get("/orders/\(orderId)").page()
            #expect(order.first("//form[@action='/orders/\(orderId)/confirm']") != nil)
        }
    }

    @Test("a CSV upload shows a preview and changes nothing; 이대로 반영 ships every row in one go, each audited")
    func csvPreviewThenApply() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let first = try await shop.paidOrder(shopper), second = try await shop.paidOrder(shopper)
            let staff = try await shop.staffBrowser()
            let csv = "주문번호,택배사,송장번호\n\(first),한진택배,5123-4567-8901\n\(second),lotte,2345678901234\n"
            let preview = try await staff.uploadShipments(kind: "ship", csv: Array(csv.utf8))
            #expect(preview.status == 200)
            let page = try preview.page()
            #expect(page.texts("//table[\(hasClass("preview-table"))]/tbody/tr/td[1]") == [first, second])
            #expect(page.texts("//table[\(hasClass("preview-table"))]/tbody/tr/td[3]") == ["한진택배", "롯데택배"])
            #expect(try await shop.fulfilmentStatus(first) == .preparing)
            #expect(try await shop.audit(.init(action: .orderShipped)).isEmpty)

            let form = try #require(page.first("//form[@action='/admin/fulfilment/upload/apply']"))
            let text = try #require(page.first("//form[@action='/admin/fulfilment/upload/apply']//input[@name='csv']")?.attribute("value"))
            #expect(form.attribute("method") == "post")
            let applied = try await staff.adminSubmit("/admin/fulfilment/upload/apply", fields: [("kind", "ship"), ("csv", text)])
            #expect(applied.status == 200)
            #expect(try applied.page().text("//div[\(hasClass("flash"))]") == AdminFlash.bulkShipped.message)
            #expect(try await shop.fulfilmentStatus(first) == .shipped)
            #expect(try await shop.fulfilmentStatus(second) == .shipped)
            let entries = try await shop.audit(.init(action: .orderShipped))
            #expect(entries.count == 2 && entries.allSatisfy { $0.entry.after?.hasSuffix("(CSV 일괄)") == true })
        }
    }

    @Test("a CSV with one bad row is refused whole with the row and column named, and ships nothing")
    func csvBadRow() async throws {
        try await withPageShop { shop in
            let orderId = try await shop.paidOrder(try await shop.signedInBrowser())
            let staff = try await shop.staffBrowser()
            let response = try await staff.uploadShipments(kind: "ship", csv: Array("\(orderId),cj,123456789012\n\(orderId)x,쿠팡,1\n".utf8))
            #expect(response.status == 422)
            let refusal = try #require(try response.page().text("//p[@id='csv-refusal']"))
            #expect(refusal.contains("2행 택배사"))
            #expect(try await shop.fulfilmentStatus(orderId) == .preparing)
        }
    }

    @Test("applying a file whose order was shipped since its preview is refused whole, naming the row")
    func csvStaleApply() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let first = try await shop.paidOrder(shopper), second = try await shop.paidOrder(shopper)
            let staff = try await shop.staffBrowser()
            _ = try await shop.ship(staff, second)
            let csv = "\(first),cj,111122223333\n\(second),cj,444455556666\n"
            let response = try await staff.adminSubmit("/admin/fulfilment/upload/apply", fields: [("kind", "ship"), ("csv", csv)])
            #expect(response.status == 422)
            #expect(try response.page().text("//p[@id='csv-refusal']")?.contains("2행 주문번호: 발송할 수 없는 주문입니다 (현재 상태: 배송중)") == true)
            #expect(try await shop.fulfilmentStatus(first) == .preparing)
        }
    }

    @Test("a file that is not UTF-8 is refused with how to save one")
    func csvNotUTF8() async throws {
        try await withPageShop { shop in
            let staff = try await shop.staffBrowser()
            // "주문번호" in CP949, as Excel saves a plain CSV on a Korean Windows.
            let response = try await staff.uploadShipments(kind: "delivered", csv: [0xC1, 0xD6, 0xB9, 0xAE, 0xB9, 0xF8, 0xC8, 0xA3, 0x0A])
            #expect(response.status == 422)
            #expect(try response.page().text("//p[@id='csv-refusal']")?.contains("CSV UTF-8") == true)
        }
    }

    @Test("배송 완료 by CSV moves the shipped orders of the file")
    func csvDelivered() async throws {
        try await withPageShop { shop in
            let orderId = try await shop.paidOrder(try await shop.signedInBrowser())
            let staff = try await shop.staffBrowser()
            _ = try await shop.ship(staff, orderId)
            let preview = try await staff.uploadShipments(kind: "delivered", csv: Array("주문번호\n\(orderId)\n".utf8))
            #expect(preview.status == 200)
            #expect(try preview.page().texts("//table[\(hasClass("preview-table"))]/tbody/tr/td[3]") == ["배송 완료"])
            let applied = try await staff.adminSubmit("/admin/fulfilment/upload/apply", fields: [("kind", "delivered"), ("csv", "\(orderId)\n")])
            #expect(applied.status == 200)
            #expect(try await shop.fulfilmentStatus(orderId) == .delivered)
        }
    }

    @Test("the list finds an order by its number or the recipient's name")
    func search() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let first = try await shop.paidOrder(shopper), second = try await shop.paidOrder(shopper)
            let staff = try await shop.staffBrowser()
            let byId = try await staff.get("/admin/fulfilment?status=PREPARING&q=\(second)").page()
            #expect(byId.texts("//table//tbody/tr/td[1]") == [second])
            let byName = try await staff.get("/admin/fulfilment?q=" + PageContext.queryEncode("길동")).page()
            #expect(Set(byName.texts("//table//tbody/tr/td[1]")) == [first, second])
            let none = try await staff.get("/admin/fulfilment?q=nobody&page=99999999999999999999").page()
            #expect(none.text("//p[\(hasClass("empty"))]") == "상품 준비중 주문이 없습니다.")
        }
    }
}
