import TestSupport
import Testing
@testable import Storefront

@Suite("Product page over HTTP")
struct ProductPageTests {
    @Test("the product page shows name, price, origin, maker, stock, description and the add-to-cart form")
    func productPage() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/products/\(shop.apple.id)")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//h1[\(hasClass("product-name"))]") == "사과")
            #expect(page.text("//p[\(hasClass("product-price"))]") == "12,900원")
            #expect(page.text("//p[@id='stock-state']") == "재고 있음")
            let specs = "//dl[\(hasClass("product-specs"))]"
            #expect(page.texts("\(specs)/dd") == ["식품", "대한민국", "한빛농원", "재고 있음"])
            #expect(page.text("//section[\(hasClass("product-description"))]/p") == "아삭한 햇사과\n한 봉지 1kg")
            let form = "//form[@action='/cart/items'][@method='post']"
            #expect(page.first("\(form)//input[@name='product_id']")?.attribute("value") == "\(shop.apple.id)")
            let quantity = try #require(page.first("\(form)//input[@id='quantity'][@name='quantity']"))
            #expect(quantity.attribute("value") == "1")
            #expect(quantity.attribute("max") == "10")
            #expect(quantity.attribute("disabled") == nil)
            #expect(page.first("//label[@for='quantity']") != nil)
        }
    }

    @Test("the add-to-cart form carries the CSRF token of the browser's cookie")
    func csrfInput() async throws {
        try await withPageShop { shop in
            let browser = shop.browser()
            let page = try await browser.get("/products/\(shop.apple.id)").page()
            let token = try #require(page.first("//form[@action='/cart/items']//input[@type='hidden'][@name='_csrf']")?.attribute("value"))
            #expect(token.count == 64)
            #expect(browser.cookies[SessionMiddleware.csrfCookie] == token)
        }
    }

    @Test("a product with one unit left says 1개 남음")
    func lowStock() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.lastUnit.id)").page()
            #expect(page.text("//p[@id='stock-state']") == "1개 남음")
            #expect(page.first("//p[@id='stock-state']")?.attribute("class")?.contains("stock-low") == true)
        }
    }

    @Test("a sold-out product says 품절 and disables the quantity and the button")
    func soldOut() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.soldOut.id)").page()
            #expect(page.text("//p[@id='stock-state']") == "품절")
            #expect(page.first("//input[@id='quantity']")?.attribute("disabled") != nil)
            let button = try #require(page.first("//form[@action='/cart/items']//button[@type='submit']"))
            #expect(button.text == "품절")
            #expect(button.attribute("disabled") != nil)
        }
    }

    @Test("an unknown product id answers the Korean 404 page")
    func unknownProduct() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/products/999999")
            #expect(response.status == 404)
            let page = try response.page()
            #expect(page.errorHeading == "페이지를 찾을 수 없습니다")
            #expect(page.errorMessage == "상품을 찾을 수 없습니다.")
        }
    }

    @Test("a product id that is not a positive whole number answers 404", arguments: ["abc", "0", "-1", "1.5", "%2B1", "1e3", "99999999999999999999"])
    func malformedProductId(id: String) async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/products/\(id)")
            #expect(response.status == 404)
            #expect(try response.page().errorCode == "404")
        }
    }

    @Test("a name containing <script> is shown as text on the product page and no script element is injected")
    func scriptNameEscapedOnProductPage() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/products/\(shop.scripted.id)")
            let page = try response.page()
            #expect(page.text("//h1[\(hasClass("product-name"))]") == PageShop.scriptedName)
            #expect(page.first("//li[@aria-current='page']")?.text == PageShop.scriptedName)
            #expect(page.xpath("//script[not(@src)]").isEmpty)
            #expect(page.text("//title") == "\(PageShop.scriptedName) · Storefront")
        }
    }

    @Test("a name containing <script> is shown as text on the catalog card and no script element is injected")
    func scriptNameEscapedOnCatalog() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/").page()
            let card = "//li[\(hasClass("card"))][.//a[@href='/products/\(shop.scripted.id)']]"
            #expect(page.text("\(card)//h2[\(hasClass("card-title"))]") == PageShop.scriptedName)
            #expect(page.xpath("//script[not(@src)]").isEmpty)
        }
    }
}
