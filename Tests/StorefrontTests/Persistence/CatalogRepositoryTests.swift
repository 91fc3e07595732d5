import Database
import Testing
@testable import Storefront

@Suite("CatalogRepository")
struct CatalogRepositoryTests {
    @Test("a page holds perPage items and the total counts every match", arguments: TestDatabases.engines)
    func pagination(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            for index in 1...30 { _ = try await shop.product("상품 \(index)", price: index * 1_000) }
            _ = try await shop.product("다른 분류", category: "음료")
            let page2 = try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(category: "식품", page: 2, perPage: 24)) }
            #expect(page2.total == 30)
            #expect(page2.items.count == 6)
            #expect(page2.pageCount == 2)
            #expect(page2.items.first?.name == "상품 6") // newest first
        }
    }

    @Test("filters on category, country and manufacturer combine", arguments: TestDatabases.engines)
    func filters(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            _ = try await shop.product("A", category: "식품", country: "대한민국", manufacturer: "가")
            _ = try await shop.product("B", category: "식품", country: "일본", manufacturer: "가")
            _ = try await shop.product("C", category: "식품", country: "일본", manufacturer: "나")
            _ = try await shop.product("D", category: "음료", country: "일본", manufacturer: "나")
            let page = try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(category: "식품", country: "일본", manufacturer: "나")) }
            #expect(page.items.map(\.name) == ["C"])
            #expect(page.total == 1)
        }
    }

    @Test("sorting orders by newest, cheapest or dearest",
          arguments: [(CatalogQuery.Sort.new, ["C", "B", "A"]), (.priceAscending, ["B", "C", "A"]), (.priceDescending, ["A", "C", "B"])])
    func sorting(sort: CatalogQuery.Sort, expected: [String]) async throws {
        try await withShop { shop async throws in
            _ = try await shop.product("A", price: 3_000)
            _ = try await shop.product("B", price: 1_000)
            _ = try await shop.product("C", price: 2_000)
            #expect(try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(sort: sort)) }.items.map(\.name) == expected)
        }
    }

    @Test("the popular sort lists the most units sold first, newest first among equals", arguments: TestDatabases.engines)
    func popularSort(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let a = try await shop.product("A")
            _ = try await shop.product("B")
            let c = try await shop.product("C")
            try await shop.database.write { db in
                try shop.catalog.addPopularity(db, productId: a.id, units: 5)
                try shop.catalog.addPopularity(db, productId: c.id, units: 2)
            }
            #expect(try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(sort: .popular)) }.items.map(\.name) == ["A", "C", "B"])
        }
    }

    @Test("name search finds substrings of one, two (pair index) or more characters (trigram index), ASCII in any case",
          arguments: [("유기농", 1), ("현미", 1), ("김", 2), ("없는상품", 0), ("우산", 2), ("장우", 1), ("3단", 1),
                      ("tv", 1), ("TV", 1), ("Tv", 1), ("산우", 0), ("43인치", 1)])
    func nameSearch(q: String, matches: Int) async throws {
        try await withShop { shop async throws in
            for name in ["유기농 현미 4kg", "볶음 김 20봉", "김치찌개 밀키트", "우산", "3단 장우산 블랙", "스마트 TV 43인치"] {
                _ = try await shop.product(name)
            }
            #expect(try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(q: q)) }.total == matches)
        }
    }

    @Test("a renamed product is found by its new name's pairs only, and a deleted one by none", arguments: TestDatabases.engines)
    func twoCharacterSearchFollowsChanges(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let umbrella = try await shop.product("장우산")
            let towel = try await shop.product("수건")
            try await shop.database.write { db in
                _ = try db.execute("UPDATE product SET name = ? WHERE product_id = ?", ["호텔 수건", umbrella.id])
                _ = try db.execute("DELETE FROM product WHERE product_id = ?", [towel.id])
            }
            #expect(try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(q: "우산")) }.total == 0)
            #expect(try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(q: "수건")) }.items.map(\.id) == [umbrella.id])
            #expect(try await shop.count("product_bigram") == 4)  // 호텔 / 텔␠ / ␠수 / 수건
        }
    }

    @Test("search text is matched literally, wildcards and quotes included", arguments: ["%", "_", "\"a\""])
    func literalSearch(q: String) async throws {
        try await withShop { shop async throws in
            _ = try await shop.product("평범한 상품")
            #expect(try await shop.read { db in try CatalogRepository().search(db, CatalogQuery(q: q)) }.total == 0)
        }
    }

    @Test("a product is found by id and an unknown id finds nothing", arguments: TestDatabases.engines)
    func productById(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product()
            #expect(try await shop.read { db in try CatalogRepository().product(db, id: product.id) } == product)
            #expect(try await shop.read { db in try CatalogRepository().product(db, id: product.id + 1) } == nil)
        }
    }

    @Test("facets list each category, country and manufacturer once, sorted", arguments: TestDatabases.engines)
    func facets(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            _ = try await shop.product("A", category: "음료", country: "일본", manufacturer: "나")
            _ = try await shop.product("B", category: "식품", country: "일본", manufacturer: "가")
            _ = try await shop.product("C", category: "식품", country: "대한민국", manufacturer: "가")
            let facets = try await shop.read { db in
                (categories: try CatalogRepository().categories(db), countries: try CatalogRepository().countries(db),
                 manufacturers: try CatalogRepository().manufacturers(db))
            }
            #expect(facets.categories == ["식품", "음료"])
            #expect(facets.countries == ["대한민국", "일본"])
            #expect(facets.manufacturers == ["가", "나"])
        }
    }

    @Test("stock moves by a delta but never below zero", arguments: TestDatabases.engines)
    func adjustStock(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product(quantity: 3)
            #expect(try await shop.write { db in try CatalogRepository().adjustStock(db, productId: product.id, by: -2, StockMovement(reason: .other)) } == 1)
            await #expect(throws: PersistenceError.insufficientStock(productId: product.id, name: product.name, requested: 2, available: 1)) {
                try await shop.write { db in try CatalogRepository().adjustStock(db, productId: product.id, by: -2, StockMovement(reason: .other)) }
            }
            #expect(try await shop.write { db in try CatalogRepository().adjustStock(db, productId: product.id, by: 5, StockMovement(reason: .other)) } == 6)
        }
    }

    @Test("adjusting stock of an unknown product says so", arguments: TestDatabases.engines)
    func adjustUnknown(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            await #expect(throws: PersistenceError.productNotFound(99)) { try await shop.write { db in try CatalogRepository().adjustStock(db, productId: 99, by: 1, StockMovement(reason: .other)) } }
        }
    }
}
