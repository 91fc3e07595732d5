import Database
import Testing
@testable import Storefront

@Suite("DemoReviews")
struct DemoReviewsTests {
    @Test("the demo's first page of products gets reviews from buyers of paid orders, with ratings on the product rows, once",
          arguments: TestDatabases.engines)
    func seeded(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let hasher = PasswordHasher(cost: 4)
            try await DemoCatalog.seed(into: shop.database, hasher: hasher)
            let written = try await DemoReviews.seed(into: shop.database, hasher: hasher)
            #expect(written >= 20)
            #expect(try await DemoReviews.seed(into: shop.database, hasher: hasher) == 0)
            let rated = try await shop.read { db in
                try db.query("SELECT review_count, rating_total FROM product WHERE review_count > 0") { row throws(DatabaseError) in
                    (try row.int("review_count"), try row.int("rating_total"))
                }
            }
            #expect(rated.count >= 8)
            #expect(rated.map(\.0).reduce(0, +) == written)
            #expect(rated.allSatisfy { $0.1 >= $0.0 && $0.1 <= 5 * $0.0 })
            let unpaid = try await shop.read { db in
                try db.queryOne("""
                    SELECT count(*) AS n FROM product_review r JOIN web_payment_item i ON i.web_payment_item_id = r.web_payment_item_id
                    JOIN web_payment o ON o.web_payment_id = i.web_payment_id WHERE o.payment_status <> 'PAID' OR o.user_id <> r.user_id
                    """) { row throws(DatabaseError) in try row.int("n") }
            }
            #expect(unpaid == 0)
        }
    }
}
