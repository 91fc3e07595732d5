import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Checkout pages over HTTP")
struct CheckoutPageTests {
    static let form = "//form[@action='/checkout'][@method='post']"

    @Test("the checkout page shows the cart's lines and total, the shopper's details, the payment methods and the CSRF input")
    func checkoutPage() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            try await browser.addToCart(shop.scripted, "1")
            let response = try await browser.get("/checkout")
            #expect(response.status == 200)
            let page = try response.page()
            let lines = "//ul[\(hasClass("summary-lines"))]/li"
            #expect(page.texts("\(lines)/span[\(hasClass("summary-line-total"))]") == ["25,800원", "3,500원"])
            #expect(page.first("\(lines)[2]/span[\(hasClass("summary-line-name"))]")?.text.hasPrefix(PageShop.scriptedName) == true)
            #expect(page.text("//p[\(hasClass("summary-total"))]/strong") == "32,300원")
            #expect(page.first("\(Self.form)//input[@type='hidden'][@name='_csrf']")?.attribute("value")
                    == browser.cookies[SessionMiddleware.csrfCookie])
            #expect(page.first("\(Self.form)//input[@id='customer-name']")?.attribute("value") == "홍길동")
            #expect(page.first("\(Self.form)//input[@id='customer-phone']")?.attribute("value") == "01012345678")
            let radios = page.xpath("\(Self.form)//input[@type='radio'][@name='method']")
            #expect(radios.map { $0.attribute("value") } == [shop.method.id])
            #expect(radios.first?.attribute("checked") != nil)
            #expect(page.text("//label[@for='method-\(shop.method.id)']") == shop.method.displayName)
            #expect(page.xpath("//script").isEmpty)
        }
    }

    @Test("checkout with an empty cart goes back to the cart with a warning")
    func emptyCart() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let page = try await browser.get("/checkout").page()
            #expect(browser.currentPath == "/cart")
            #expect(page.text("//div[\(hasClass("flash-warning"))]") == Flash.cartEmpty.message)
        }
    }

    @Test("placing the order creates a PENDING order, reserves the stock and shows the payment page")
    func placeOrder() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "3")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "김영희"), ("customer_phone", "010-9876-5432"), ("method", shop.method.id),
            ] + CheckoutFields.delivery)
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//h1[@id='payment-heading']") == "결제 진행")
            let orders = try await shop.orders()
            let order = try #require(orders.first)
            #expect(orders.count == 1)
            #expect(order.status == .pending)
            #expect(order.totalPrice == 41_700)
            #expect(order.customerName == "김영희")
            #expect(order.customerPhone == "01098765432")
            #expect(try await shop.shop.stock(shop.apple.id) == 7)
            #expect(page.text("//section[\(hasClass("payment-start"))]//dd[\(hasClass("mono"))]") == order.orderId)
            #expect(page.text("//td[\(hasClass("total"))]") == "41,700원")
            #expect(page.first("//button[@id='pay-button']") != nil)

            let json = try #require(page.first("//script[@type='application/json'][@id='payment-request']")?.text)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let request = try #require(object["request"] as? [String: Any])
            #expect(request["orderId"] as? String == order.orderId)
            #expect((request["amount"] as? [String: Any])?["value"] as? Int == 41_700)
            #expect(page.first("//script[@src='/fake-sdk.js']") != nil)
        }
    }

    @Test("a bad phone number shows the checkout form again with the reason and creates no order")
    func badPhone() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "김영희"), ("customer_phone", "12"), ("method", shop.method.id),
            ] + CheckoutFields.delivery)
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='customer-phone-error']") == AccountRules.phoneMessage)
            #expect(page.first("//input[@id='customer-phone']")?.attribute("value") == "12")
            #expect(page.first("//input[@id='customer-name']")?.attribute("value") == "김영희")
            #expect(try await shop.orders().isEmpty)
            #expect(try await shop.shop.stock(shop.apple.id) == 10)
        }
    }

    @Test("checkout of a cart holding a price from before the bounds answers 409 with the reason and places nothing")
    func priceFromBeforeBounds() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "3")
            try await shop.shop.setPriceFromBeforeBounds(shop.apple.id, 100_000_000_000_000_000)
            let reason = "가격이 주문할 수 있는 범위(최대 100,000,000원)를 벗어난 상품이 있습니다: 사과"
            let shown = try await browser.get("/checkout")
            #expect(shown.status == 409)
            #expect(try shown.page().text("//section[\(hasClass("error-page"))]/p[\(hasClass("lead"))]") == reason)
            let placed = try await browser.submit("/checkout", fields: [
                ("customer_name", "김영희"), ("customer_phone", "01012345678"), ("method", shop.method.id),
            ] + CheckoutFields.delivery)
            #expect(placed.status == 409)
            #expect(try placed.page().text("//section[\(hasClass("error-page"))]/p[\(hasClass("lead"))]") == reason)
            #expect(try await shop.orders().isEmpty)
            #expect(try await shop.shop.stock(shop.apple.id) == 10)
        }
    }

    @Test("a customer name over 50 code points is refused next to the field and creates no order",
          arguments: [String(repeating: "👨‍👩‍👧‍👦", count: 50), String(repeating: "e\u{301}", count: 50)])
    func longCustomerName(name: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", name), ("customer_phone", "01012345678"), ("method", shop.method.id),
            ] + CheckoutFields.delivery)
            #expect(response.status == 422)
            #expect(try response.page().text("//p[@id='customer-name-error']") == AccountRules.nameMessage)
            #expect(try await shop.orders().isEmpty)
        }
    }

    /// A phone as the server's message invites typing it, hyphens and all.
    static let hyphenatedPhone = "010-1234-5678"

    @Test("the name and phone fields of sign-up and checkout stop typing where the server's limits are, not before",
          arguments: [("/signup", "name", "phone"), ("/checkout", "customer-name", "customer-phone")])
    func fieldLengths(path: String, nameId: String, phoneId: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            let page = try await browser.get(path).page()
            #expect(page.first("//input[@id='\(nameId)']")?.attribute("maxlength") == "\(AccountRules.maxNameLength)")
            let phoneLimit = try #require(page.first("//input[@id='\(phoneId)']")?.attribute("maxlength").flatMap { Int($0) })
            #expect(phoneLimit >= Self.hyphenatedPhone.utf16.count)
        }
    }

    @Test("a payment method that is not offered is refused next to the methods and creates no order")
    func unknownMethod() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "김영희"), ("customer_phone", "01012345678"), ("method", "toss.card"),
            ] + CheckoutFields.delivery)
            #expect(response.status == 422)
            #expect(try response.page().text("//p[@id='method-error']") == CheckoutService.paymentMethodMessage)
            #expect(try await shop.orders().isEmpty)
        }
    }

    @Test("while the last unit waits in a PENDING order, a second shopper's checkout says 재고 부족 and places nothing")
    func lastUnitRace() async throws {
        try await withPageShop { shop in
            let first = try await shop.signedInBrowser("first")
            let second = try await shop.signedInBrowser("second")
            try await second.addToCart(shop.lastUnit, "1")
            let orderId = try await shop.placeOrder(first, shop.lastUnit)
            #expect(try await shop.status(orderId) == .pending)

            let response = try await second.submit("/checkout", fields: [
                ("customer_name", "이순신"), ("customer_phone", "01011112222"), ("method", shop.method.id),
            ] + CheckoutFields.delivery)
            #expect(response.status == 409)
            let page = try response.page()
            let message = try #require(page.text("//p[@id='method-error']"))
            #expect(message.hasPrefix("재고 부족"))
            #expect(message.contains("한정판 시계"))
            #expect(try await shop.orders("second").isEmpty)
            #expect(try await shop.shop.stock(shop.lastUnit.id) == 0)
        }
    }
}
