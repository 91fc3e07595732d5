import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Back office: hiding a review with a reason")
struct AdminReviewPageTests {
    @Test("an operator hides a review with a reason: it leaves the product page and the card's rating, and the audit log records it")
    func operatorHides() async throws {
        try await withPageShop { shop in
            try await shop.review(shop.apple, rating: 1, body: "광고 문구가 가득한 리뷰입니다 여기로 오세요", by: "spammer")
            try await shop.review(shop.apple, rating: 5, body: "아삭하고 달아요. 또 살게요.", by: "buyer")
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let list = try await browser.get("/admin/reviews").page()
            #expect(list.xpath("//ol[\(hasClass("admin-reviews"))]/li").count == 2)
            let spam = try #require(try await shop.shop.read { db in try ReviewRepository().page(db, productId: shop.apple.id, sort: .lowest, limit: 1, offset: 0) }.first)
            let hidden = try await browser.adminSubmit("/admin/reviews/\(spam.id)/hide", fields: [("reason", "광고")])
            #expect(hidden.status == 200)
            #expect(try hidden.page().text("//li[@id='review-\(spam.id)']//p[\(hasClass("review-hidden"))]") == "숨김 이유: 광고")
            let product = try await shop.browser().get("/products/\(shop.apple.id)").page()
            #expect(product.texts("//p[\(hasClass("review-body"))]") == ["아삭하고 달아요. 또 살게요."])
            #expect(product.text("//p[\(hasClass("review-average"))]/strong") == "5.0")
            let entry = try #require(try await shop.audit(.init(action: .reviewHidden)).first)
            #expect(entry.entry.staffId == "op1" && entry.entry.target == "review:\(spam.id)" && entry.entry.after == "광고")
        }
    }

    @Test("hiding without a reason is refused on the field and hides nothing, audits nothing")
    func reasonRequired() async throws {
        try await withPageShop { shop in
            try await shop.review(shop.apple, rating: 1, body: "별로예요 다시는 안 사요", by: "buyer")
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let review = try #require(try await shop.shop.read { db in try ReviewRepository().recent(db, limit: 1, offset: 0) }.first).review
            let response = try await browser.adminSubmit("/admin/reviews/\(review.id)/hide", fields: [("reason", "  ")])
            #expect(response.status == 422)
            #expect(try response.page().text("//p[@id='reason-\(review.id)-error']") == ReviewRules.hideReasonMessage)
            #expect(try await shop.audit(.init(action: .reviewHidden)).isEmpty)
            #expect(try await shop.shop.read { db in try ReviewRepository().find(db, id: review.id) }?.isHidden == false)
        }
    }

    @Test("a shopper's session does not open the reviews page of the back office")
    func shopperRefused() async throws {
        try await withPageShop { shop in
            let response = try await shop.signedInBrowser().unfollowed("GET", "/admin/reviews")
            #expect(response.status == 303 || response.status == 302)
            #expect(response.headers["Location"]?.hasPrefix("/admin/login") == true)
        }
    }
}
