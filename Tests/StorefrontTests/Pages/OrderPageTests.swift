import TestSupport
import Testing
@testable import Storefront

@Suite("Order pages over HTTP")
struct OrderPageTests {
    static let rows = "//table[\(hasClass("orders-table"))]/tbody/tr"

    @Test("a shopper without orders sees 아직 주문한 상품이 없습니다")
    func emptyHistory() async throws {
        try await withPageShop { shop in
            let page = try await shop.signedInBrowser().get("/orders").page()
            #expect(page.xpath(Self.rows).isEmpty)
            #expect(page.text("//p[\(hasClass("empty-title"))]") == "아직 주문한 상품이 없습니다")
        }
    }

    @Test("the history of every attempt lists each order with its items, total, Korean status and a link to it")
    func history() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple, quantity: 2)
            let page = try await browser.get("/orders?show=all").page()
            #expect(page.xpath(Self.rows).count == 1)
            #expect(page.text("\(Self.rows)//span[\(hasClass("order-id"))]") == orderId)
            #expect(page.text("\(Self.rows)/td[\(hasClass("num"))]") == "28,800원")
            #expect(page.text("\(Self.rows)//span[\(hasClass("badge-PENDING"))]") == "결제 대기")
            #expect(page.first("\(Self.rows)//a[@href='/orders/\(orderId)']") != nil)
            #expect(page.first("\(Self.rows)/th")?.text.hasPrefix("사과") == true)
        }
    }

    /// `count` orders of one unit each for `shopper`, made straight in the database; their ids, oldest first.
    func orders(_ count: Int, in shop: PageShop) async throws -> [String] {
        let user = try await shop.userId()
        let pencil = try await shop.shop.insert(NewProduct(name: "연필", price: 500, category: "문구", country: "대한민국",
                                                      manufacturer: "모나미", quantity: count))
        var ids: [String] = []
        for _ in 0..<count {
            let orderId = try await shop.shop.order(userId: user, [(pencil.id, 1)]).orderId
            try await shop.shop.markPaid(orderId)
            ids.append(orderId)
        }
        return ids
    }

    @Test("주문내역 lists the orders placed (paid, waiting, canceled) and shows attempts only under 결제하지 않은 주문 포함")
    func placedOrdersOnly() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let paid = try await orders(1, in: shop)
            let abandoned = try await shop.placeOrder(browser, shop.apple)
            let placed = try await browser.get("/orders").page()
            #expect(listedIds(placed) == paid)
            #expect(placed.first("//nav[\(hasClass("order-filter"))]//a[@href='/orders'][@aria-current='true']") != nil)
            let all = try await browser.get("/orders?show=all").page()
            #expect(listedIds(all) == [abandoned] + paid)
            #expect(all.first("//nav[\(hasClass("order-filter"))]//a[@href='/orders?show=all'][@aria-current='true']") != nil)
        }
    }

    func listedIds(_ page: HTMLDocument) -> [String] {
        page.texts("\(Self.rows)//span[\(hasClass("order-id"))]")
    }

    @Test("the history shows twenty orders a page, newest first, with links to every page")
    func historyPages() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let ids = try await orders(25, in: shop)
            let first = try await browser.get("/orders").page()
            #expect(listedIds(first) == Array(ids.reversed().prefix(20)))
            #expect(first.first("//nav[\(hasClass("pagination"))]//a[@href='/orders?page=2']") != nil)
            let second = try await browser.get("/orders?page=2").page()
            #expect(listedIds(second) == Array(ids.reversed().dropFirst(20)))
            #expect(second.first("//a[@aria-current='page']")?.text == "2")
            #expect(second.first("//a[@rel='prev'][@href='/orders']") != nil)
        }
    }

    @Test("a history page past the end shows the last, and one that is not a number the first",
          arguments: [("9", 2), ("abc", 1), ("-3", 1), ("0", 1)])
    func historyPageClamped(page: String, shown: Int) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            _ = try await orders(21, in: shop)
            let response = try await browser.get("/orders?page=\(page)")
            #expect(response.status == 200)
            #expect(try response.page().first("//a[@aria-current='page']")?.text == "\(shown)")
        }
    }

    @Test("a pending order's detail shows its lines and method, and no cancel button")
    func pendingDetail() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple, quantity: 2)
            let response = try await browser.get("/orders/\(orderId)")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//span[\(hasClass("badge-PENDING"))]") == "결제 대기")
            // The first list is the order's; the delivery's follows it.
            let details = page.texts("(//section[\(hasClass("order-detail"))]/dl[\(hasClass("kv"))])[1]/dd")
            #expect(details.count == 4)
            #expect(details.first == orderId)
            #expect(details.dropFirst(2) == ["홍길동", "01012345678"])
            #expect(page.texts("//table[\(hasClass("lines-table"))]/tbody/tr/th") == ["사과"])
            #expect(page.texts("//table[\(hasClass("lines-table"))]/tbody/tr/td") == ["12,900원", "2개", "25,800원"])
            #expect(page.text("//td[\(hasClass("total"))]") == "28,800원")
            #expect(page.text("//section[\(hasClass("order-detail"))]/p[\(hasClass("muted"))]")
                    == "결제 수단: \(shop.method.displayName) · 아직 결제가 확인되지 않았습니다.")
            #expect(page.first("//form[\(hasClass("cancel-form"))]") == nil)
        }
    }

    @Test("a paid order's detail shows the payment and 주문 취소 leads to a confirmation step whose form carries the CSRF input")
    func paidDetail() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            let receipt = try await shop.pay(browser, orderId: orderId)
            #expect(try receipt.page().text("//h1[@id='receipt-heading']") == "결제 완료")
            let page = try await browser.get("/orders/\(orderId)").page()
            #expect(page.text("//span[\(hasClass("badge-PAID"))]") == "결제 완료")
            #expect(page.text("//dl[\(hasClass("payment-info"))]/dd[\(hasClass("amount-paid"))]") == "15,900원")
            #expect(page.first("//form[\(hasClass("cancel-form"))]") == nil)
            #expect(page.first("//a[\(hasClass("cancel-link"))][@href='/orders/\(orderId)/cancel']") != nil)
            let step = try await browser.get("/orders/\(orderId)/cancel").page()
            let form = "//form[\(hasClass("cancel-form"))][@action='/orders/\(orderId)/cancel'][@method='post']"
            #expect(step.first("\(form)//input[@name='_csrf']")?.attribute("value") == browser.cookies[SessionMiddleware.csrfCookie])
        }
    }

    @Test("cancelling one's own paid order refunds it and shows it as 취소 완료")
    func cancelOwnOrder() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            _ = try await shop.pay(browser, orderId: orderId)
            let page = try await browser.submit("/orders/\(orderId)/cancel", fields: []).page()
            #expect(browser.currentPath == "/orders/\(orderId)")
            #expect(page.text("//div[\(hasClass("flash"))]") == Flash.orderCanceled.message)
            #expect(page.text("//span[\(hasClass("badge-CANCELED"))]") == "취소 완료")
            #expect(try await shop.status(orderId) == .canceled)
            #expect(shop.method.cancelCallCount == 1)
        }
    }

    @Test("another shopper's order answers the same 404 page as a missing one")
    func anotherUsersOrder() async throws {
        try await withPageShop { shop in
            let owner = try await shop.signedInBrowser("owner")
            let orderId = try await shop.placeOrder(owner, shop.apple)
            let other = try await shop.signedInBrowser("other")
            let response = try await other.get("/orders/\(orderId)")
            #expect(response.status == 404)
            let page = try response.page()
            #expect(page.errorMessage == "주문을 찾을 수 없습니다.")
            #expect(page.xpath("//dd[text()='\(orderId)']").isEmpty)
        }
    }

    @Test("a malformed order id answers 404", arguments: ["abc", "1", "..%2F..%2Fetc", "%3Cscript%3E"])
    func malformedOrderId(orderId: String) async throws {
        try await withPageShop { shop in
            let response = try await shop.signedInBrowser().get("/orders/\(orderId)")
            #expect(response.status == 404)
            #expect(try response.page().errorCode == "404")
        }
    }

    @Test("cancelling another shopper's paid order is refused with 404 and the order stays paid")
    func cancelAnotherUsersOrder() async throws {
        try await withPageShop { shop in
            let owner = try await shop.signedInBrowser("owner")
            let orderId = try await shop.placeOrder(owner, shop.apple)
            _ = try await shop.pay(owner, orderId: orderId)
            let other = try await shop.signedInBrowser("other")
            let response = try await other.submit("/orders/\(orderId)/cancel", fields: [])
            #expect(response.status == 404)
            #expect(try response.page().errorMessage == "주문을 찾을 수 없습니다.")
            #expect(try await shop.status(orderId) == .paid)
            #expect(shop.method.cancelCallCount == 0)
        }
    }

    @Test("cancelling a pending order is refused and the order stays pending")
    func cancelPendingOrder() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            let response = try await browser.submit("/orders/\(orderId)/cancel", fields: [])
            #expect(response.status == 409)
            #expect(try response.page().errorMessage == "이 주문은 취소할 수 없습니다. (결제 대기)")
            #expect(try await shop.status(orderId) == .pending)
        }
    }
}
