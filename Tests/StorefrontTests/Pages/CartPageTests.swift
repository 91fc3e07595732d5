import TestSupport
import Testing
@testable import Storefront

@Suite("Cart pages over HTTP")
struct CartPageTests {
    static let lines = "//ul[\(hasClass("cart-lines"))]/li[\(hasClass("cart-line"))]"

    @Test("adding to the cart lands on the cart with the line, its total and the badge")
    func addShowsCart() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.addToCart(shop.apple, "2")
            #expect(response.status == 200)
            #expect(browser.currentPath == "/cart")
            let page = try response.page()
            #expect(page.text("//div[\(hasClass("flash"))]") == Flash.addedToCart.message)
            #expect(page.xpath(Self.lines).count == 1)
            #expect(page.text("\(Self.lines)//h2[\(hasClass("cart-line-name"))]") == "사과")
            #expect(page.text("\(Self.lines)//p[\(hasClass("cart-line-unit"))]") == "12,900원")
            #expect(page.first("//input[@id='quantity-\(shop.apple.id)']")?.attribute("value") == "2")
            #expect(page.text("\(Self.lines)//p[\(hasClass("cart-line-total"))]") == "상품 금액 25,800원")
            #expect(page.text("//p[\(hasClass("summary-total"))]/strong") == "28,800원")
            #expect(page.first("//a[@href='/checkout']") != nil)
        }
    }

    @Test("a cart holding a price from before the bounds (10^17원 x 93) shows why it cannot be ordered instead of crashing")
    func priceFromBeforeBounds() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            try await shop.shop.setPriceFromBeforeBounds(shop.apple.id, 100_000_000_000_000_000)
            _ = try await shop.shop.database.write { db in try db.execute("UPDATE cart SET quantity = 93") }
            let response = try await browser.get("/cart")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//aside//div[@role='alert']") == "가격이 주문할 수 있는 범위(최대 100,000,000원)를 벗어난 상품이 있습니다: 사과")
            #expect(page.text("//p[\(hasClass("summary-total"))]/strong") == "—")
            #expect(page.first("//a[@href='/checkout']") == nil)
            #expect(page.first("//form[@action='/cart/items/\(shop.apple.id)/delete']") != nil)
        }
    }

    @Test("a cart beyond 10,000,000,000원 in all shows the order limit instead of the way to checkout")
    func totalBeyondBounds() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            _ = try await shop.shop.database.write { db in
                try db.execute("UPDATE product SET price = 100000000, quantity = 99 WHERE product_id IN (?, ?)",
                               [shop.apple.id, shop.lastUnit.id])
            }
            try await browser.addToCart(shop.apple, "99")
            let page = try await browser.addToCart(shop.lastUnit, "99").page()
            #expect(page.text("\(Self.lines)//p[\(hasClass("cart-line-total"))]") == "상품 금액 9,900,000,000원")
            #expect(page.text("//aside//div[@role='alert']")
                    == "한 번에 주문할 수 있는 금액은 최대 10,000,000,000원입니다. 수량을 줄이거나 나누어 주문해 주세요.")
            #expect(page.first("//a[@href='/checkout']") == nil)
        }
    }

    @Test("adding the same product again adds to its quantity")
    func addAgainAccumulates() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            let page = try await browser.addToCart(shop.apple, "3").page()
            #expect(page.xpath(Self.lines).count == 1)
            #expect(page.first("//input[@id='quantity-\(shop.apple.id)']")?.attribute("value") == "5")
            #expect(try await shop.cartLines().map(\.quantity) == [5])
        }
    }

    @Test("a quantity that is not 1…99 is refused on the product page and the cart is unchanged",
          arguments: ["0", "-1", "abc", "1.5", "", "100", "<b>"])
    func badQuantity(quantity: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.addToCart(shop.apple, quantity)
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//h1[\(hasClass("product-name"))]") == "사과")
            #expect(page.text("//p[@id='quantity-error']") == CartRules.quantityMessage)
            #expect(page.first("//input[@id='quantity']")?.attribute("aria-invalid") == "true")
            #expect(page.first("//input[@id='quantity']")?.attribute("value") == quantity)
            #expect(try await shop.cartLines().isEmpty)
        }
    }

    @Test("more than the stock is refused with the units left and the cart is unchanged")
    func aboveStock() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.addToCart(shop.apple, "11")
            #expect(response.status == 409)
            let page = try response.page()
            #expect(page.text("//p[@id='quantity-error']") == "재고가 부족합니다. (남은 수량: 10개)")
            #expect(page.first("//input[@id='quantity']")?.attribute("value") == "11")
            #expect(try await shop.cartLines().isEmpty)
        }
    }

    @Test("adding more than the stock in two steps is refused the second time")
    func aboveStockCumulative() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "6")
            let response = try await browser.addToCart(shop.apple, "5")
            #expect(response.status == 409)
            #expect(try response.page().text("//p[@id='quantity-error']") == "재고가 부족합니다. (남은 수량: 10개)")
            #expect(try await shop.cartLines().map(\.quantity) == [6])
        }
    }

    @Test("a sold-out product cannot be added")
    func soldOut() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.addToCart(shop.soldOut, "1")
            #expect(response.status == 409)
            #expect(try response.page().text("//p[@id='quantity-error']") == "품절된 상품입니다.")
            #expect(try await shop.cartLines().isEmpty)
        }
    }

    @Test("adding an unknown or malformed product id answers 404 and the cart is unchanged", arguments: ["999999", "abc", "-1", "0", ""])
    func unknownProduct(productId: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let response = try await browser.submit("/cart/items", fields: [("product_id", productId), ("quantity", "1")])
            #expect(response.status == 404)
            #expect(try response.page().errorMessage == "상품을 찾을 수 없습니다.")
            #expect(try await shop.cartLines().isEmpty)
        }
    }

    @Test("changing a line's quantity updates it and the totals")
    func changeQuantity() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "1")
            try await browser.addToCart(shop.scripted, "1")
            let response = try await browser.submit("/cart/items/\(shop.apple.id)", fields: [("quantity", "3")])
            #expect(browser.currentPath == "/cart")
            let page = try response.page()
            #expect(page.text("//div[\(hasClass("flash"))]") == Flash.cartUpdated.message)
            #expect(page.first("//input[@id='quantity-\(shop.apple.id)']")?.attribute("value") == "3")
            #expect(page.text("//p[\(hasClass("summary-total"))]/strong") == "45,200원")
            #expect(page.text("//dl[\(hasClass("kv"))]/dd[1]") == "4개")
        }
    }

    @Test("changing a line to a bad quantity shows the reason next to that line and keeps the quantity",
          arguments: ["0", "-2", "x", "11"])
    func changeToBadQuantity(quantity: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            let response = try await browser.submit("/cart/items/\(shop.apple.id)", fields: [("quantity", quantity)])
            #expect(response.status == (quantity == "11" ? 409 : 422))
            let page = try response.page()
            let error = try #require(page.text("//p[@class='field-error'][@id='quantity-\(shop.apple.id)-error']"))
            #expect(error == (quantity == "11" ? "재고가 부족합니다. (남은 수량: 10개)" : CartRules.quantityMessage))
            #expect(page.first("//input[@id='quantity-\(shop.apple.id)']")?.attribute("aria-invalid") == "true")
            #expect(try await shop.cartLines().map(\.quantity) == [2])
        }
    }

    @Test("changing a product that is not in the cart, or a malformed id, answers 404", arguments: ["999999", "abc", "-1"])
    func changeMissingLine(productId: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            let response = try await browser.submit("/cart/items/\(productId)", fields: [("quantity", "1")])
            #expect(response.status == 404)
            #expect(try response.page().errorMessage == "장바구니에 없는 상품입니다.")
            #expect(try await shop.cartLines().map(\.quantity) == [2])
        }
    }

    @Test("removing a line empties the cart and says so")
    func removeLine() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            let response = try await browser.submit("/cart/items/\(shop.apple.id)/delete", fields: [])
            let page = try response.page()
            #expect(browser.currentPath == "/cart")
            #expect(page.text("//div[\(hasClass("flash"))]") == Flash.cartLineRemoved.message)
            #expect(page.xpath(Self.lines).isEmpty)
            #expect(page.text("//p[\(hasClass("empty-title"))]") == "장바구니가 비어 있습니다")
            #expect(page.text("//span[\(hasClass("cart-count"))]") == "0")
            #expect(try await shop.cartLines().isEmpty)
        }
    }

    @Test("removing with a malformed id answers 404 and the cart is unchanged")
    func removeMalformed() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            let response = try await browser.submit("/cart/items/abc/delete", fields: [])
            #expect(response.status == 404)
            #expect(try await shop.cartLines().map(\.quantity) == [2])
        }
    }

    @Test("the cart shows a name containing <script> as text")
    func scriptNameEscapedInCart() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let page = try await browser.addToCart(shop.scripted, "1").page()
            #expect(page.text("\(Self.lines)//h2[\(hasClass("cart-line-name"))]") == PageShop.scriptedName)
            #expect(page.xpath("//script").isEmpty)
        }
    }
}
