import Database
import Foundation
import Testing
@testable import Storefront

/// A shop with one buyer, a product and an order of it, for the review suites.
private struct ReviewFixture {
    let shop: Shop
    let service: ReviewService
    let user: Int
    let product: Product
    let order: Order

    static func make(_ shop: Shop, paid: Bool = true) async throws -> ReviewFixture {
        let user = try await shop.user()
        let product = try await shop.product("원두커피", quantity: 50)
        let order = try await shop.order(userId: user, [(product.id, 2)])
        if paid { try await shop.markPaid(order.orderId) }
        return ReviewFixture(shop: shop, service: ReviewService(database: shop.database), user: user, product: product, order: order)
    }

    @discardableResult
    func write(rating: String = "5", body: String = "향이 좋고 신선합니다. 또 살게요.", user: Int? = nil,
               orderId: String? = nil, productId: Int? = nil, now: Date = Date()) async throws(ShopError) -> Review {
        try await service.write(userId: user ?? self.user, signupId: "shopper", orderId: orderId ?? order.orderId,
                                productId: "\(productId ?? product.id)", rating: rating, body: body, photo: nil, now: now)
    }

    func productRow() async throws -> Product? { try await shop.read { [product] db in try CatalogRepository().product(db, id: product.id) } }
}

extension Shop {
    /// Moves an order to PAID the way the payment flow does (through CONFIRMING).
    func markPaid(_ orderId: String) async throws {
        try await write { [orders] db in
            _ = try orders.transition(db, orderId: orderId, from: [.pending], to: .confirming)
            _ = try orders.transition(db, orderId: orderId, from: [.confirming], to: .paid)
        }
    }
}

@Suite("Reviews: who may write one, the rules, the summary, hiding")
struct ReviewServiceTests {
    @Test("the buyer of a paid order line writes a review, and the product's summary counts it", arguments: TestDatabases.engines)
    func buyerWrites(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            let review = try await fixture.write(rating: "4")
            #expect(review.rating == 4)
            #expect(review.author == "sh*****")
            let product = try #require(try await fixture.productRow())
            #expect((product.reviewCount, product.ratingTotal) == (1, 4))
            let page = try await fixture.service.page(productId: fixture.product.id, sort: .newest, page: nil)
            #expect(page.reviews == [review])
            #expect(page.summary == RatingSummary(count: 1, total: 4, distribution: [0, 0, 0, 1, 0]))
        }
    }

    @Test("a second review of the same order line is refused and changes nothing", arguments: TestDatabases.engines)
    func secondReviewRefused(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            try await fixture.write()
            await #expect(throws: ShopError.conflict(ReviewRules.alreadyMessage)) { try await fixture.write(rating: "1") }
            #expect(try await shop.count("product_review") == 1)
            #expect(try await fixture.productRow()?.ratingTotal == 5)
        }
    }

    @Test("two tabs reviewing the same line at once write one review", arguments: TestDatabases.engines)
    func racingReviews(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            let outcomes = try await concurrently(6) { _ in
                do { _ = try await fixture.write(); return true } catch { return false }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await fixture.productRow()?.reviewCount == 1)
        }
    }

    @Test("an order that is not paid yet cannot be reviewed", arguments: TestDatabases.engines)
    func unpaidRefused(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let fixture = try await ReviewFixture.make(shop, paid: false)
            await #expect(throws: ShopError.conflict(ReviewRules.notYetMessage)) { try await fixture.write() }
            #expect(try await shop.count("product_review") == 0)
        }
    }

    @Test("a product one never bought, or another shopper's order, is refused as not found", arguments: TestDatabases.engines)
    func neverBoughtRefused(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            let other = try await shop.product("녹차")
            let stranger = try await shop.user("stranger")
            await #expect(throws: ShopError.notFound(.order)) { try await fixture.write(productId: other.id) }
            await #expect(throws: ShopError.notFound(.order)) { try await fixture.write(user: stranger) }
            await #expect(throws: ShopError.notFound(.order)) { try await fixture.write(orderId: "not an order") }
            #expect(try await shop.count("product_review") == 0)
        }
    }

    @Test("a rating outside 1–5 or text outside 10–1,000 code points is refused, naming the field",
          arguments: [("0", "열 글자가 넘는 리뷰입니다", ReviewRules.ratingField), ("6", "열 글자가 넘는 리뷰입니다", ReviewRules.ratingField),
                      ("별", "열 글자가 넘는 리뷰입니다", ReviewRules.ratingField), ("5", "아홉 글자 리뷰다", ReviewRules.bodyField),
                      ("5", "   짧아요        ", ReviewRules.bodyField), ("5", String(repeating: "가", count: 1_001), ReviewRules.bodyField)])
    func rulesRefuse(rating: String, body: String, field: String) async throws {
        try await withShop { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            do throws(ShopError) {
                try await fixture.write(rating: rating, body: body)
                Issue.record("accepted \(rating) / \(body.count) characters")
            } catch {
                guard case .validation(let errors) = error else { Issue.record("\(error)"); return }
                #expect(Array(errors.keys) == [field])
            }
            #expect(try await shop.count("product_review") == 0)
        }
    }

    @Test("text of exactly 1,000 code points is accepted; an emoji family counts as seven")
    func bodyBoundary() async throws {
        try await withShop { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            #expect(try await fixture.write(body: String(repeating: "가", count: 1_000)).body.unicodeScalars.count == 1_000)
            let second = try await shop.order(userId: fixture.user, [(fixture.product.id, 1)])
            try await shop.markPaid(second.orderId)
            // 👨‍👩‍👧‍👦 is one character but seven code points: with three more letters it is ten.
            #expect(try await fixture.write(body: "👨‍👩‍👧‍👦좋아요", orderId: second.orderId).body == "👨‍👩‍👧‍👦좋아요")
        }
    }

    @Test("reviews are listed newest first, by highest and by lowest rating, ten a page", arguments: TestDatabases.engines)
    func sortsAndPages(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            var written: [Review] = []
            for index in 0..<12 {
                let order = try await shop.order(userId: fixture.user, [(fixture.product.id, 1)])
                try await shop.markPaid(order.orderId)
                written.append(try await fixture.write(rating: "\(index % 5 + 1)", orderId: order.orderId))
            }
            let newest = try await fixture.service.page(productId: fixture.product.id, sort: .newest, page: "2")
            #expect(newest.pageCount == 2)
            #expect(newest.reviews.map(\.id) == written.reversed().suffix(2).map(\.id))
            let highest = try await fixture.service.page(productId: fixture.product.id, sort: .highest, page: nil)
            #expect(highest.reviews.map(\.rating) == [5, 5, 4, 4, 3, 3, 2, 2, 2, 1])
            let lowest = try await fixture.service.page(productId: fixture.product.id, sort: .lowest, page: "9")
            #expect(lowest.page == 2)
            #expect(lowest.reviews.map(\.rating) == [5, 5])
            #expect(newest.summary == RatingSummary(count: 12, total: 33, distribution: [3, 3, 2, 2, 2]))
        }
    }

    @Test("an operator hides a review with a reason: it leaves the page and the summary, and the audit runs in that transaction",
          arguments: TestDatabases.engines)
    func hide(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let fixture = try await ReviewFixture.make(shop)
            let review = try await fixture.write(rating: "1")
            struct AuditFailed: Error {}
            await #expect(throws: ShopError.self) {
                try await fixture.service.hide(reviewId: review.id, reason: "욕설", staffId: "kim") { _, _ in throw AuditFailed() }
            }
            #expect(try await fixture.productRow()?.reviewCount == 1)
            let audited = try await fixture.service.hide(reviewId: review.id, reason: " 욕설 ", staffId: "kim") { db, hidden in
                try db.execute("UPDATE product SET description = ? WHERE product_id = ?", ["audited \(hidden.id)", hidden.productId])
            }
            #expect(audited == review)
            let product = try #require(try await fixture.productRow())
            #expect((product.reviewCount, product.ratingTotal, product.description) == (0, 0, "audited \(review.id)"))
            #expect(try await fixture.service.page(productId: fixture.product.id, sort: .newest, page: nil).reviews.isEmpty)
            let stored = try await shop.read { db in try ReviewRepository().find(db, id: review.id) }
            #expect(stored?.hiddenReason == "욕설")
            #expect(try await fixture.service.hide(reviewId: review.id, reason: "또", staffId: "kim") { _, _ in } == nil)
            await #expect(throws: ShopError.validation(["reason": ReviewRules.hideReasonMessage])) {
                try await fixture.service.hide(reviewId: review.id, reason: "  ", staffId: "kim") { _, _ in }
            }
        }
    }

    @Test("the average is shown to one decimal, rounded half up, from integers",
          arguments: [(RatingSummary(count: 128, total: 589), "4.6"), (RatingSummary(count: 2, total: 9), "4.5"),
                      (RatingSummary(count: 3, total: 13), "4.3"), (RatingSummary(count: 1, total: 5), "5.0")])
    func average(summary: RatingSummary, text: String) {
        #expect(summary.averageText == text)
        #expect(RatingSummary(count: 0, total: 0).averageText == nil)
    }

    @Test("only paid orders allow reviews today (fulfilment adds 구매 확정 to the one rule)")
    func rule() {
        #expect(OrderStatus.allCases.filter(ReviewRules.allowsReview) == [.paid])
    }
}
