import TestSupport
import Testing
@testable import Storefront

@Suite("Catalog filters behind 필터 and the bottom bars")
struct PhoneLayoutPageTests {
    @Test("the filter form sits in a closed <details> whose summary is 필터")
    func filterDetails() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/").page()
            let details = try #require(page.first("//aside[\(hasClass("filters"))]/details[\(hasClass("filter-details"))]"))
            #expect(details.attribute("open") == nil)
            #expect(page.text("//details[\(hasClass("filter-details"))]/summary") == "필터")
            #expect(page.first("//details[\(hasClass("filter-details"))]/form[@action='/'][@method='get']") != nil)
            #expect(page.first("//ul[\(hasClass("filter-chips"))]") == nil)
        }
    }

    @Test("the active filters show as chips beside 필터, each linking to the catalog without that filter")
    func chips() async throws {
        try await withPageShop { shop in
            let query = "/?q=%EC%82%AC%EA%B3%BC&category=%EC%8B%9D%ED%92%88&sort=price_asc"
            let page = try await shop.browser().get(query).page()
            let chips = page.xpath("//ul[\(hasClass("filter-chips"))][@aria-label='적용된 필터']/li/a")
            #expect(chips.map { $0.text } == ["검색어: 사과× 필터 해제", "카테고리: 식품× 필터 해제"])
            #expect(chips.map { $0.attribute("href") } == ["/?category=%EC%8B%9D%ED%92%88&sort=price_asc",
                                                         "/?q=%EC%82%AC%EA%B3%BC&sort=price_asc"])
            #expect(page.text("//summary//span[\(hasClass("filter-count"))]") == "2개 적용됨")
        }
    }

    @Test("the product page's bar holds the price, 장바구니 담기 and 바로구매")
    func productBar() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.apple.id)").page()
            let bar = "//form[@action='/cart/items']/div[\(hasClass("buy-bar"))]"
            #expect(page.text("\(bar)/p[\(hasClass("buy-bar-price"))]") == "12,900원")
            #expect(page.texts("\(bar)/button") == ["장바구니 담기", "바로구매"])
        }
    }

    @Test("the checkout's bar holds the total and 결제하기, inside the checkout form")
    func checkoutBar() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            try await browser.addToCart(shop.apple, "2")
            let page = try await browser.get("/checkout").page()
            let bar = "//form[@action='/checkout']//div[\(hasClass("pay-bar"))]"
            #expect(page.text("\(bar)/p[\(hasClass("pay-bar-total"))]/strong") == "28,800원")
            #expect(page.text("\(bar)/button[@type='submit']") == "28,800원 결제하기")
        }
    }
}
