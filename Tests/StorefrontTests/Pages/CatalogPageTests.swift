import Foundation
import Testing
import TestSupport
@testable import Storefront

/// The catalog and product pages through the real server, read as HTML elements.
@Suite("Catalog pages", .timeLimit(.minutes(1)))
struct CatalogPageTests {
    @Test("the catalog lists product cards with their names, prices and links")
    func catalogCards() async throws {
        try await withLiveShop { live in
            let page = try HTMLDocument(try await TestBrowser(port: live.server.port).get("/"))
            let card = try #require(page.first("//li[contains(@class,'card')][.//h2[@class='card-title']='사과']"))
            _ = card
            #expect(page.first("//li[contains(@class,'card')]//p[@class='card-price']")?.text == "12,900원")
            #expect(page.first("//a[@class='card-link']")?.attribute("href") == "/products/\(live.product.id)")
            #expect(page.xpath("//h1").count == 1)
        }
    }

    @Test("a product named with a script tag is shown as text, never as markup")
    func escapedName() async throws {
        try await withLiveShop { live in
            let hostile = try await live.shop.product("<script>alert(1)</script>", price: 1_000)
            let response = try await TestBrowser(port: live.server.port).get("/products/\(hostile.id)")
            let page = try HTMLDocument(response)
            #expect(page.xpath("//h1")[0].text.contains("<script>alert(1)</script>"))
            #expect(page.xpath("//script[contains(., 'alert(1)')]").isEmpty)
            #expect(!response.text.contains("<script>alert(1)</script>"))
        }
    }

    @Test("search and the category filter narrow the cards")
    func searchAndFilter() async throws {
        try await withLiveShop { live in
            _ = try await live.shop.product("보온 텀블러", price: 20_000, category: "생활용품")
            let browser = TestBrowser(port: live.server.port)
            let search = try HTMLDocument(try await browser.get("/?q=" + "텀블러".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
            #expect(search.xpath("//h2[@class='card-title']").map(\.text) == ["보온 텀블러"])
            let category = try HTMLDocument(try await browser.get("/?category=" + "식품".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
            #expect(category.xpath("//h2[@class='card-title']").map(\.text) == ["사과"])
        }
    }

    @Test("a page number past the end, below 1 or not a number shows a real page, never an error", arguments: ["999", "0", "-3", "abc"])
    func badPageNumbers(page: String) async throws {
        try await withLiveShop { live in
            let response = try await TestBrowser(port: live.server.port).get("/?page=\(page)&sort=nonsense")
            #expect(response.status == 200)
            #expect(!(try HTMLDocument(response).xpath("//h2[@class='card-title']").isEmpty))
        }
    }

    @Test("an unknown or malformed product id is a Korean 404 page", arguments: ["999999", "abc", "1.5", "-1"])
    func unknownProduct(id: String) async throws {
        try await withLiveShop { live in
            let response = try await TestBrowser(port: live.server.port).get("/products/\(id)")
            #expect(response.status == 404)
            let page = try HTMLDocument(response)
            #expect(page.first("//html")?.attribute("lang") == "ko")
            #expect(page.xpath("//h1").count == 1)
        }
    }

    @Test("the product page offers a quantity field limited by stock and a CSRF-protected form")
    func productPage() async throws {
        try await withLiveShop(stock: 3) { live in
            let page = try HTMLDocument(try await TestBrowser(port: live.server.port).get("/products/\(live.product.id)"))
            #expect(page.first("//input[@id='quantity']")?.attribute("max") == "3")
            #expect(page.first("//form[.//input[@name='product_id']]//input[@name='_csrf']") != nil)
            #expect(page.first("//label[@for='quantity']") != nil)
        }
    }
}
