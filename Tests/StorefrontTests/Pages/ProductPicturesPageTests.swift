import TestSupport
import Testing
@testable import Storefront

@Suite("Product pictures on pages")
struct ProductPicturesPageTests {
    /// A product wearing the demo catalog's picture of 청정수 콜드브루 원액 1L, which has three views.
    static func coldBrew(_ shop: PageShop) async throws -> Product {
        try await shop.shop.insert(NewProduct(name: "청정수 콜드브루 원액 1L", price: 19_800, category: "음료", country: "대한민국",
                                              manufacturer: "청정수", quantity: 5,
                                              image: DemoCatalogPictures.urlPrefix + "beverages-2-1.svg"))
    }

    @Test("a product with several pictures shows them all, with thumbnails linking to each")
    func gallery() async throws {
        try await withPageShop { shop in
            let product = try await Self.coldBrew(shop)
            let page = try await shop.browser().get("/products/\(product.id)").page()
            let items = page.xpath("//div[\(hasClass("gallery"))]//ul[\(hasClass("gallery-track"))]/li")
            #expect(items.map { $0.attribute("id") } == ["picture-1", "picture-2", "picture-3"])
            let sources = page.xpath("//ul[\(hasClass("gallery-track"))]/li/img").map { $0.attribute("src") ?? "" }
            #expect(sources == ["beverages-2-1.svg", "beverages-2-1-2.svg", "beverages-2-1-3.svg"].map { DemoCatalogPictures.urlPrefix + $0 })
            #expect(page.xpath("//ul[\(hasClass("gallery-thumbs"))]//a").map { $0.attribute("href") }
                == ["#picture-1", "#picture-2", "#picture-3"])
            #expect(page.texts("//ul[\(hasClass("gallery-thumbs"))]//a") == ["사진 1 보기", "사진 2 보기", "사진 3 보기"])
        }
    }

    @Test("a demo picture's alt describes what it shows rather than repeating the name")
    func describedAlt() async throws {
        try await withPageShop { shop in
            let product = try await Self.coldBrew(shop)
            let page = try await shop.browser().get("/products/\(product.id)").page()
            let alts = page.xpath("//ul[\(hasClass("gallery-track"))]/li/img").map { $0.attribute("alt") ?? "" }
            #expect(alts.count == 3)
            #expect(alts.first?.contains("병 앞면, 라벨에 ‘콜드브루 원액 1L’과 ‘청정수’") == true)
            #expect(alts.allSatisfy { !$0.isEmpty && $0 != product.name })
        }
    }

    @Test("a product with one picture shows it alone, with an empty alt since the heading names the product")
    func single() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.apple.id)").page()
            let images = page.xpath("//div[\(hasClass("product-media"))]//img")
            #expect(images.count == 1)
            #expect(images.first?.attribute("alt") == "")
            #expect(page.first("//ul[\(hasClass("gallery-thumbs"))]") == nil)
        }
    }

    @Test("catalog cards carry an empty alt: the card's title right below names the product")
    func cardAlt() async throws {
        try await withPageShop { shop in
            let product = try await Self.coldBrew(shop)
            let page = try await shop.browser().get("/").page()
            let card = "//li[\(hasClass("card"))][.//a[@href='/products/\(product.id)']]"
            let image = try #require(page.first("\(card)//img"))
            #expect(image.attribute("alt") == "")
            #expect(image.attribute("src") == DemoCatalogPictures.urlPrefix + "beverages-2-1.svg")
        }
    }
}
