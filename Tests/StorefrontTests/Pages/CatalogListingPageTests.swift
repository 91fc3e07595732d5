import TestSupport
import Testing
@testable import Storefront

@Suite("Catalog page over HTTP")
struct CatalogListingPageTests {
    static let cards = "//ul[\(hasClass("product-grid"))]/li[\(hasClass("card"))]"

    @Test("the catalog shows a card per product with its name, link and price as 12,900원")
    func cardsShowNamesAndPrices() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.xpath(Self.cards).count == 4)
            let apple = "\(Self.cards)[.//a[@href='/products/\(shop.apple.id)']]"
            #expect(page.text("\(apple)//h2[\(hasClass("card-title"))]") == "사과")
            #expect(page.text("\(apple)//p[\(hasClass("card-price"))]") == "12,900원")
            #expect(page.text("\(apple)//p[\(hasClass("card-category"))]") == "식품")
            #expect(page.text("//p[\(hasClass("results-count"))]") == "4개 상품")
            #expect(page.text("//h1[@id='results-heading']") == "전체 상품")
        }
    }

    @Test("a sold-out product's card is marked 품절")
    func soldOutCard() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/").page()
            let card = try #require(page.first("\(Self.cards)[.//a[@href='/products/\(shop.soldOut.id)']]"))
            #expect(card.attribute("class")?.contains("is-sold-out") == true)
            #expect(page.text("\(Self.cards)[.//a[@href='/products/\(shop.soldOut.id)']]//p[\(hasClass("stock"))]") == "품절")
        }
    }

    @Test("the category filter shows only that category and keeps it selected")
    func categoryFilter() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/?category=\(PageContext.queryEncode("식품"))").page()
            #expect(page.texts("\(Self.cards)//h2") == ["사과"])
            #expect(page.texts("//select[@id='filter-category']/option[@selected]") == ["식품"])
        }
    }

    @Test("an unknown category is ignored and every product is listed")
    func unknownCategory() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/?category=nope")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.xpath(Self.cards).count == 4)
            #expect(page.xpath("//select[@id='filter-category']/option[@selected]").isEmpty)
        }
    }

    @Test("a search lists matching names, titles the results and echoes the text in the search box")
    func search() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/?q=\(PageContext.queryEncode("시계"))").page()
            #expect(page.texts("\(Self.cards)//h2") == ["한정판 시계"])
            #expect(page.text("//h1[@id='results-heading']") == "‘시계’ 검색 결과")
            #expect(page.first("//input[@id='search-q']")?.attribute("value") == "시계")
            #expect(page.first("//form[\(hasClass("filter-form"))]//input[@type='hidden'][@name='q']")?.attribute("value") == "시계")
        }
    }

    @Test("a search without matches says 검색 결과가 없습니다")
    func emptySearch() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/?q=xyzzy").page()
            #expect(page.xpath(Self.cards).isEmpty)
            #expect(page.text("//p[\(hasClass("empty-title"))]") == "검색 결과가 없습니다")
            #expect(page.text("//p[\(hasClass("results-count"))]") == "0개 상품")
        }
    }

    @Test("sorting by price ascending orders the cards by price")
    func sortByPrice() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/?sort=price_asc").page()
            #expect(page.texts("\(Self.cards)//p[\(hasClass("card-price"))]") == ["3,500원", "8,000원", "12,900원", "250,000원"])
            #expect(page.first("//select[@id='filter-sort']/option[@selected]")?.attribute("value") == "price_asc")
        }
    }

    @Test("an unknown sort falls back to newest first")
    func unknownSort() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/?sort=%3Cbogus%3E")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.first("//select[@id='filter-sort']/option[@selected]")?.attribute("value") == "new")
            #expect(page.xpath(Self.cards).count == 4)
        }
    }

    @Test("24 cards fit on a page and the page links go to the rest")
    func paging() async throws {
        try await withPageShop { shop in
            try await addFruit(count: 26, to: shop)
            let browser = shop.browser()
            let first = try await browser.get("/").page()
            #expect(first.xpath(Self.cards).count == 24)
            #expect(first.text("//nav[\(hasClass("pagination"))]//a[@aria-current='page']") == "1")
            let next = try #require(first.first("//nav[\(hasClass("pagination"))]//a[@rel='next']")?.attribute("href"))
            #expect(next == "/?page=2")
            let second = try await browser.get(next).page()
            #expect(second.xpath(Self.cards).count == 6)
            #expect(second.text("//nav[\(hasClass("pagination"))]//a[@aria-current='page']") == "2")
            #expect(second.first("//nav[\(hasClass("pagination"))]//a[@rel='next']") == nil)
        }
    }

    @Test("page links keep the search, the filters and the sort")
    func pageLinksKeepChoices() async throws {
        try await withPageShop { shop in
            try await addFruit(count: 30, to: shop)
            let page = try await shop.browser().get("/?q=%EA%B3%BC%EC%9D%BC&category=%EA%B3%BC%EC%9D%BC&sort=price_desc").page()
            let next = try #require(page.first("//nav[\(hasClass("pagination"))]//a[@rel='next']")?.attribute("href"))
            #expect(next == "/?q=%EA%B3%BC%EC%9D%BC&category=%EA%B3%BC%EC%9D%BC&sort=price_desc&page=2")
        }
    }

    @Test("a page number that is not a positive number shows the first page", arguments: ["abc", "0", "-3", "1.5", "", "99999999999999999999999"])
    func badPageIsFirstPage(page: String) async throws {
        try await withPageShop { shop in
            try await addFruit(count: 26, to: shop)
            let response = try await shop.browser().get("/?page=\(PageContext.queryEncode(page))")
            #expect(response.status == 200)
            let document = try response.page()
            #expect(document.xpath(Self.cards).count == 24)
            #expect(document.text("//nav[\(hasClass("pagination"))]//a[@aria-current='page']") == "1")
        }
    }

    @Test("a page past the end shows the last page")
    func pagePastEnd() async throws {
        try await withPageShop { shop in
            try await addFruit(count: 26, to: shop)
            let response = try await shop.browser().get("/?page=999")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.xpath(Self.cards).count == 6)
            #expect(page.text("//nav[\(hasClass("pagination"))]//a[@aria-current='page']") == "2")
        }
    }

    @Test("an unknown address answers the Korean 404 page in the layout")
    func unknownPath() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get("/no/such/page")
            #expect(response.status == 404)
            let page = try response.page()
            #expect(page.errorCode == "404")
            #expect(page.errorHeading == "페이지를 찾을 수 없습니다")
            #expect(page.first("//header[\(hasClass("site-header"))]") != nil)
        }
    }

    @Test("a method the address does not accept answers the Korean 405 page")
    func wrongMethod() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().request("DELETE", "/")
            #expect(response.status == 405)
            #expect(try response.page().errorHeading == "허용되지 않는 요청입니다")
        }
    }

    /// Adds `count` products in the category 과일, named 과일 1…n.
    func addFruit(count: Int, to shop: PageShop) async throws {
        for index in 1...count {
            _ = try await shop.shop.product("과일 \(index)", price: 1_000 + index, category: "과일", quantity: 5)
        }
    }
}
