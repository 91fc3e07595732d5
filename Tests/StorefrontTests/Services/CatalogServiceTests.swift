import Foundation
import Testing
@testable import Storefront

@Suite("CatalogService")
struct CatalogServiceTests {
    /// 30 products: 20 식품 from 대한민국 by 한빛식품, 10 음료 from 일본 by 산토리; prices 1,000 … 30,000.
    func stock(_ shop: Shop) async throws {
        for index in 1...30 {
            let drink = index > 20
            _ = try await shop.product(drink ? "음료 \(index)" : "사과 \(index)", price: index * 1_000,
                                       category: drink ? "음료" : "식품", country: drink ? "일본" : "대한민국",
                                       manufacturer: drink ? "산토리" : "한빛식품")
        }
    }

    @Test("an empty request lists the newest 24 with facets and page count")
    func defaults() async throws {
        try await withShop { shop async throws in
            try await stock(shop)
            let listing = try await shop.catalogService.listing(CatalogRequest())
            #expect(listing.items.count == 24)
            #expect(listing.items.first?.name == "음료 30")
            #expect(listing.total == 30)
            #expect(listing.page == 1)
            #expect(listing.pageCount == 2)
            #expect(listing.facets == CatalogFacets(categories: ["식품", "음료"], countries: ["대한민국", "일본"],
                                                    manufacturers: ["산토리", "한빛식품"]))
        }
    }

    @Test("known filters, search and sort apply together")
    func filters() async throws {
        try await withShop { shop async throws in
            try await stock(shop)
            let listing = try await shop.catalogService.listing(CatalogRequest(parameters: [
                "q": "  사과 1 ", "category": "식품", "country": "대한민국", "manufacturer": "한빛식품", "sort": "price_desc",
            ]))
            #expect(listing.items.map(\.name) == ["사과 19", "사과 18", "사과 17", "사과 16", "사과 15", "사과 14",
                                                  "사과 13", "사과 12", "사과 11", "사과 10", "사과 1"])
            #expect(listing.query.q == "사과 1")
            #expect(listing.query.sort == .priceDescending)
        }
    }

    @Test("unknown filter values and sorts are ignored")
    func unknownValues() async throws {
        try await withShop { shop async throws in
            try await stock(shop)
            let listing = try await shop.catalogService.listing(CatalogRequest(
                category: "없는분류", country: "' OR 1=1 --", manufacturer: "", sort: "random"))
            #expect(listing.total == 30)
            #expect(listing.query == CatalogQuery(sort: .new, page: 1))
        }
    }

    @Test("the search text is trimmed and cut to 100 characters")
    func longSearch() async throws {
        try await withShop { shop async throws in
            let listing = try await shop.catalogService.listing(CatalogRequest(q: " " + String(repeating: "가", count: 150)))
            #expect(listing.query.q == String(repeating: "가", count: 100))
            #expect(listing.isEmpty)
            #expect(listing.pageCount == 1)
        }
    }

    @Test("the search text is cut in code points, as the search index counts them, however few characters they show")
    func longSearchInCodePoints() {
        let oneCharacter = "e" + String(repeating: "\u{301}", count: 150)
        #expect(CatalogService.trimmedSearch(oneCharacter)?.unicodeScalars.count == 100)
    }

    @Test("bad page numbers mean page 1, and pages past the end mean the last page",
          arguments: [("0", 1), ("-3", 1), ("abc", 1), ("2", 2), ("99", 2), ("99999999999999999999", 1)])
    func pages(page: String, expected: Int) async throws {
        try await withShop { shop async throws in
            try await stock(shop)
            let listing = try await shop.catalogService.listing(CatalogRequest(sort: "price_asc", page: page))
            #expect(listing.page == expected)
            #expect(listing.items.first?.price == (expected == 1 ? 1_000 : 25_000))
        }
    }

    @Test("a product is found by its id")
    func product() async throws {
        try await withShop { shop async throws in
            let product = try await shop.product("커피")
            #expect(try await shop.catalogService.product(id: String(product.id)) == product)
        }
    }

    @Test("a malformed or unknown product id is not found", arguments: ["abc", "-1", "0", "+1", "1.5", "", "999", "1 "])
    func productNotFound(id: String) async throws {
        try await withShop { shop async throws in
            _ = try await shop.product()
            await #expect(throws: ShopError.notFound(.product)) { try await shop.catalogService.product(id: id) }
        }
    }

    @Test("stock reads 품절, n개 남음 or 재고 있음", arguments: [(0, "품절"), (1, "1개 남음"), (5, "5개 남음"), (6, "재고 있음")])
    func stockText(quantity: Int, text: String) {
        #expect(StockState(quantity: quantity).text == text)
    }
}
