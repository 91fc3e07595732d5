import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Product page: breadcrumb, quantity buttons and 바로구매")
struct BuyNowPageTests {
    static let checkoutForm = "//form[@action='/checkout'][@method='post']"

    @Test("the breadcrumb's category links to the catalog filtered by that category")
    func categoryLink() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.apple.id)").page()
            let link = try #require(page.first("//nav[\(hasClass("breadcrumb"))]//li[2]/a"))
            #expect(link.text == "식품")
            #expect(link.attribute("href") == "/?category=%EC%8B%9D%ED%92%88")
        }
    }

    @Test("the quantity has − / + buttons that the page's script file reveals; without it the number field works alone")
    func quantityButtons() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.apple.id)").page()
            let buttons = page.xpath("//div[\(hasClass("quantity-stepper"))]/button")
            #expect(buttons.map { $0.attribute("aria-label") } == ["수량 줄이기", "수량 늘리기"])
            #expect(buttons.allSatisfy { $0.attribute("type") == "button" && $0.attribute("hidden") != nil
                && $0.attribute("aria-controls") == "quantity" })
            #expect(page.first("//input[@id='quantity'][@type='number'][@min='1'][@max='10']") != nil)
            #expect(page.xpath("//script").map { $0.attribute("src") } == ["/public/js/quantity.js"])
        }
    }

    @Test("바로구매 posts the product form to /checkout/now, beside 장바구니 담기")
    func buyNowButton() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.apple.id)").page()
            let buttons = page.xpath("//form[@action='/cart/items']//div[\(hasClass("buy-bar"))]/button[@type='submit']")
            #expect(buttons.map(\.text) == ["장바구니 담기", "바로구매"])
            #expect(buttons.last?.attribute("formaction") == "/checkout/now")
        }
    }

    @Test("바로구매 shows the checkout with that product and quantity alone, and the cart stays as it was")
    func buyNowCheckout() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.scripted, "1")
            let response = try await browser.submit("/checkout/now", fields: [("product_id", "\(shop.apple.id)"), ("quantity", "3")])
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.texts("//ul[\(hasClass("summary-lines"))]/li/span[\(hasClass("summary-line-name"))]") == ["사과 × 3"])
            #expect(page.text("//p[\(hasClass("summary-total"))]/strong") == "41,700원")
            #expect(page.first("\(Self.checkoutForm)//input[@type='hidden'][@name='direct_product_id']")?.attribute("value") == "\(shop.apple.id)")
            #expect(page.first("\(Self.checkoutForm)//input[@type='hidden'][@name='direct_quantity']")?.attribute("value") == "3")
            #expect(page.first("//a[@href='/products/\(shop.apple.id)']")?.text == "상품으로 돌아가기")
            let cart = try await shop.cartLines()
            #expect(cart.map(\.product.id) == [shop.scripted.id])
            #expect(cart.map(\.quantity) == [1])
        }
    }

    @Test("a 바로구매 order holds just that line at the server's price, and the cart is untouched after paying")
    func buyNowOrder() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.scripted, "2")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "010-1234-5678"), ("method", shop.method.id),
                ("direct_product_id", "\(shop.apple.id)"), ("direct_quantity", "3"),
            ] + CheckoutFields.delivery)
            #expect(response.status == 200)
            let orderId = try #require(try response.page().text("//section[\(hasClass("payment-start"))]//dd[\(hasClass("mono"))]"))
            let paid = try await shop.pay(browser, orderId: orderId)
            #expect(paid.status == 200)
            #expect(try await shop.status(orderId) == .paid)
            let found = try await shop.shop.read { [orders = shop.shop.orders] db in try orders.find(db, orderId: orderId) }
            let order = try #require(found)
            #expect(order.lines.map(\.productId) == [shop.apple.id])
            #expect(order.lines.map(\.quantity) == [3])
            #expect(order.totalPrice == 41_700)
            let cart = try await shop.cartLines()
            #expect(cart.map(\.product.id) == [shop.scripted.id])
            #expect(cart.map(\.quantity) == [2])
        }
    }

    @Test("a paid 바로구매 of a product that is also in the cart leaves that cart line as it was, as Coupang does")
    func buyNowOfCartProduct() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "010-1234-5678"), ("method", shop.method.id),
                ("direct_product_id", "\(shop.apple.id)"), ("direct_quantity", "1"),
            ] + CheckoutFields.delivery)
            let orderId = try #require(try response.page().text("//section[\(hasClass("payment-start"))]//dd[\(hasClass("mono"))]"))
            #expect(try await shop.pay(browser, orderId: orderId).status == 200)
            #expect(try await shop.status(orderId) == .paid)
            let cart = try await shop.cartLines()
            #expect(cart.map(\.product.id) == [shop.apple.id])
            #expect(cart.map(\.quantity) == [2])
        }
    }

    @Test("바로구매 of more than the stock shows the product page again with the reason by the quantity")
    func buyNowAboveStock() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.submit("/checkout/now", fields: [("product_id", "\(shop.lastUnit.id)"), ("quantity", "2")])
            #expect(response.status == 409)
            let page = try response.page()
            #expect(page.text("//h1[\(hasClass("product-name"))]") == "한정판 시계")
            #expect(page.text("//p[@id='quantity-error']") == "재고가 부족합니다. (남은 수량: 1개)")
            #expect(try await shop.orders().isEmpty)
        }
    }

    @Test("a 바로구매 checkout whose product ran short since its page shows the product page with the reason, placing nothing")
    func buyNowStockGone() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", shop.method.id),
                ("direct_product_id", "\(shop.lastUnit.id)"), ("direct_quantity", "2"),
            ] + CheckoutFields.delivery)
            #expect(response.status == 409)
            let page = try response.page()
            #expect(page.text("//h1[\(hasClass("product-name"))]") == "한정판 시계")
            #expect(page.text("//p[@id='quantity-error']") == "재고가 부족합니다. (남은 수량: 1개)")
            #expect(try await shop.orders().isEmpty)
            let left = try await shop.shop.stock(shop.lastUnit.id)
            #expect(left == 1)
        }
    }

    @Test("a checkout form whose direct purchase fields were tampered with is refused and places no order",
          arguments: [("abc", "1"), ("1", "0"), ("1", "100")])
    func tamperedDirectFields(product: String, quantity: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", shop.method.id),
                ("direct_product_id", product == "1" ? "\(shop.apple.id)" : product), ("direct_quantity", quantity),
            ] + CheckoutFields.delivery)
            #expect(response.status == 400)
            #expect(try await shop.orders().isEmpty)
        }
    }
}
