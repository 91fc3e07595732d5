import Foundation
import Testing
import TestSupport
@testable import Storefront

/// The shopper's delivery pages over HTTP: the fee in the cart and at checkout, the address the checkout
/// requires, 배송지 관리, and the order page's tracking, 구매 확정 and the history's delivery column.
@Suite("Delivery pages", .timeLimit(.minutes(2)))
struct DeliveryPageTests {
    @Test("the cart shows the 3,000원 fee and how much more ships free")
    func cartFee() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let page = try await browser.addToCart(shop.apple, "1").page()
            #expect(page.text("//dd[\(hasClass("shipping-fee"))]") == "3,000원")
            #expect(page.text("//p[\(hasClass("free-shipping-hint"))]") == "50,000원 이상 무료배송까지 37,100원")
            #expect(page.text("//p[\(hasClass("summary-total"))]/strong") == "15,900원")
        }
    }

    @Test("a checkout without an address comes back with a message on each address field and places nothing")
    func addressRequired() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", shop.method.id),
                ("recipient", "홍길동"), ("recipient_phone", "01012345678"), ("postal_code", "123"), ("address_line1", ""),
            ])
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='postal-code-error']") == DeliveryAddress.postalCodeMessage)
            #expect(page.text("//p[@id='address-line1-error']") == DeliveryAddress.line1Message)
            #expect(page.first("//input[@id='postal-code']")?.attribute("value") == "123")
            #expect(try await shop.orders().isEmpty)
        }
    }

    @Test("checkout to 제주 charges the surcharge, shows it and saves the address when asked")
    func jejuCheckout() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", shop.method.id),
                ("recipient", "김제주"), ("recipient_phone", "010-2222-3333"), ("postal_code", "63100"),
                ("address_line1", "제주 제주시 첨단로 242"), ("address_line2", ""), ("delivery_request", "custom"),
                ("delivery_request_custom", "감귤 상자 옆에 놓아 주세요"), ("save_address", "1"),
            ])
            #expect(response.status == 200)
            let order = try #require(try await shop.orders().first)
            #expect(order.shippingFee == 6_000 && order.totalPrice == 18_900)
            let book = try await browser.get("/account/addresses").page()
            #expect(book.text("//li[\(hasClass("address-entry"))]//p[\(hasClass("address-text"))]") == "(63100) 제주 제주시 첨단로 242")
        }
    }

    @Test("배송지 관리 adds an address with the phone's digits and refuses a bad one beside its field")
    func addressBookPages() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let refused = try await browser.submit("/account/addresses", fields: [
                ("recipient", "홍길동"), ("recipient_phone", "010-12"), ("postal_code", "06236"), ("address_line1", "서울 강남구 테헤란로 152"),
            ])
            #expect(refused.status == 422)
            #expect(try refused.page().text("//p[@id='recipient-phone-error']") == AccountRules.phoneMessage)
            let saved = try await browser.submit("/account/addresses", fields: [
                ("recipient", "홍길동"), ("recipient_phone", "010-1234-5678"), ("postal_code", "06236"),
                ("address_line1", "서울 강남구 테헤란로 152"), ("address_line2", "12층"),
            ])
            let page = try saved.page()
            #expect(page.text("//p[\(hasClass("address-phone"))]") == "010-1234-5678")
            #expect(page.text("//span[\(hasClass("badge-default"))]") == "기본 배송지")
            try await browser.addToCart(shop.apple, "1")
            let checkout = try await browser.get("/checkout").page()
            #expect(checkout.first("//input[@id='postal-code']")?.attribute("value") == "06236")
        }
    }

    @Test("a shipped order shows 배송중 with the carrier, the number and the tracking link; delivered, it offers 구매 확정")
    func trackingAndConfirm() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            _ = try await shop.pay(browser, orderId: orderId)
            let fulfilment = FulfilmentService(database: shop.shop.database, flow: PaymentFlow(
                database: shop.shop.database, methods: [shop.method], origin: PublicOrigin(""), logger: .discarding), logger: .discarding)
            try await fulfilment.ship(orderId: orderId, carrier: "cj", trackingNumber: "123456789012")
            let shipped = try await browser.get("/orders/\(orderId)").page()
            #expect(shipped.text("//dl[\(hasClass("delivery-info"))]//span[\(hasClass("delivery-status"))]") == "배송중")
            #expect(shipped.text("//dd[\(hasClass("carrier"))]") == "CJ대한통운")
            #expect(shipped.first("//a[\(hasClass("tracking-link"))]")?.attribute("href")
                    == "https://trace.cjlogistics.com/next/tracking.html?wblNo=123456789012")
            #expect(shipped.first("//form[@action='/orders/\(orderId)/cancel']") == nil)
            #expect(shipped.first("//form[@action='/orders/\(orderId)/return']") != nil)
            let history = try await browser.get("/orders").page()
            #expect(history.text("//span[\(hasClass("delivery-status"))]") == "배송중")
            try await fulfilment.markDelivered(orderId: orderId)
            let confirmed = try await browser.submit("/orders/\(orderId)/confirm", fields: [])
            #expect(try confirmed.page().text("//dl[\(hasClass("delivery-info"))]//span[\(hasClass("delivery-status"))]") == "구매 확정")
            let steps = try confirmed.page().texts("//ol[\(hasClass("timeline"))]/li/span")
            #expect(steps.last == "구매 확정", "\(steps)")
        }
    }
}
