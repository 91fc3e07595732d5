import Foundation
import TestSupport
import Testing
@testable import Storefront

extension PageShop {
    /// A paid order of `product` for the signed-in `browser`; returns its id.
    func paidOrder(_ browser: TestBrowser, _ product: Product) async throws -> String {
        let orderId = try await placeOrder(browser, product)
        try #require(try await pay(browser, orderId: orderId).status == 200)
        return orderId
    }

    /// Writes a review straight through the service for `signupId`'s paid order of `product`.
    func review(_ product: Product, rating: Int, body: String, by signupId: String) async throws {
        let user = try await account(signupId)
        let order = try await shop.order(userId: user, [(product.id, 1)])
        try await shop.markPaid(order.orderId)
        _ = try await ReviewService(database: shop.database).write(userId: user, signupId: signupId, orderId: order.orderId,
                                                                   productId: "\(product.id)", rating: "\(rating)", body: body, photo: nil)
    }
}

extension TestBrowser {
    /// Posts the review form as a browser sends it: multipart, the CSRF token in the action's query.
    func postReview(_ action: String, rating: String, body: String, photo: [UInt8]? = nil) async throws -> TestResponse {
        var data: [UInt8] = []
        for (name, value) in [("rating", rating), ("body", body)] {
            data += Array("--R3view\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        data += Array("--R3view\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\(photo == nil ? "" : "cup.png")\"\r\n".utf8)
        data += Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + (photo ?? []) + Array("\r\n--R3view--\r\n".utf8)
        return try await request("POST", action, headers: [("Content-Type", "multipart/form-data; boundary=R3view")], body: data)
    }
}

/// A fresh media folder for one test's uploads.
func withMediaFolder(_ body: (String) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("review-media-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try await body(directory)
}

@Suite("Reviews on the product page, the catalog and the review form")
struct ReviewPageTests {
    static let section = "//section[@id='reviews']"

    @Test("the product page shows the average, the count, the distribution and each review escaped")
    func productPageSummary() async throws {
        try await withPageShop { shop in
            try await shop.review(shop.apple, rating: 5, body: "정말 맛있어요 <script>alert(1)</script>", by: "first")
            try await shop.review(shop.apple, rating: 4, body: "아삭하고 달아요. 또 살게요.", by: "second")
            let response = try await shop.browser().get("/products/\(shop.apple.id)")
            let page = try response.page()
            #expect(page.text("\(Self.section)//p[\(hasClass("review-average"))]/strong") == "4.5")
            #expect(page.text("\(Self.section)//span[\(hasClass("review-count"))]") == "2")
            #expect(page.xpath("\(Self.section)//ul[\(hasClass("review-distribution"))]/li/progress").map { $0.attribute("value") }
                    == ["1", "1", "0", "0", "0"])
            #expect(page.texts("\(Self.section)//p[\(hasClass("review-body"))]")
                    == ["아삭하고 달아요. 또 살게요.", "정말 맛있어요 <script>alert(1)</script>"])
            #expect(page.xpath("\(Self.section)//script").isEmpty)
            #expect(page.texts("\(Self.section)//span[\(hasClass("review-author"))]") == ["se****", "fi***"])
        }
    }

    /// Two reviews of the apple, 5 and 4 stars: ★ 4.5 (2).
    static func reviewedTwice(_ shop: PageShop) async throws {
        try await shop.review(shop.apple, rating: 5, body: "정말 맛있어요 최고예요", by: "first")
        try await shop.review(shop.apple, rating: 4, body: "아삭하고 달아요 좋아요", by: "second")
    }

    @Test("beside the product's name its rating and review count link to the reviews, as a sentence for screen readers")
    func titleRating() async throws {
        try await withPageShop { shop in
            try await Self.reviewedTwice(shop)
            let page = try await shop.browser().get("/products/\(shop.apple.id)").page()
            let link = "//p[\(hasClass("title-rating"))]/a[@href='#reviews']"
            #expect(page.text("\(link)/span[@aria-hidden='true']") == "★ 4.5")
            #expect(page.text(link)?.hasSuffix("리뷰 2개") == true)
            #expect(page.text("\(link)/span[\(hasClass("visually-hidden"))]") == "별점 4.5점,")
            let unrated = try await shop.browser().get("/products/\(shop.lastUnit.id)").page()
            #expect(unrated.first("//p[\(hasClass("title-rating"))]") == nil)
        }
    }

    @Test("the reviews sort by lowest rating through a link that keeps to the reviews")
    func sortLinks() async throws {
        try await withPageShop { shop in
            try await shop.review(shop.apple, rating: 5, body: "최고의 사과입니다 정말로", by: "first")
            try await shop.review(shop.apple, rating: 2, body: "조금 물렀어요 아쉽네요", by: "second")
            let page = try await shop.browser().get("/products/\(shop.apple.id)?reviews=lowest").page()
            #expect(page.first("//nav[\(hasClass("review-sorts"))]//a[@aria-current='true'][@href='/products/\(shop.apple.id)?reviews=lowest#reviews']") != nil)
            #expect(page.texts("\(Self.section)//span[\(hasClass("review-stars"))]") == ["★★☆☆☆", "★★★★★"])
        }
    }

    @Test("a product without reviews says so, and its card shows no rating")
    func noReviews() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/products/\(shop.lastUnit.id)").page()
            #expect(page.first("\(Self.section)//p[\(hasClass("review-empty"))]") != nil)
            let catalog = try await shop.browser().get("/").page()
            #expect(catalog.xpath("//p[\(hasClass("card-rating"))]").isEmpty)
        }
    }

    @Test("a catalog card shows ★ 4.5 (2) read from the product's summary")
    func cardRating() async throws {
        try await withPageShop { shop in
            try await Self.reviewedTwice(shop)
            let page = try await shop.browser().get("/").page()
            let card = "//li[\(hasClass("card"))][.//a[@href='/products/\(shop.apple.id)']]"
            #expect(page.text("\(card)//p[\(hasClass("card-rating"))]/span[@aria-hidden='true']") == "★ 4.5 (2)")
            #expect(page.text("\(card)//p[\(hasClass("card-rating"))]/span[\(hasClass("visually-hidden"))]") == "별점 4.5점, 리뷰 2개")
        }
    }

    @Test("a buyer writes a review with a photo from the paid order's page, and lands on it on the product page")
    func writeWithPhoto() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.signedInBrowser()
                let orderId = try await shop.paidOrder(browser, shop.apple)
                let order = try await browser.get("/orders/\(orderId)").page()
                let link = "/orders/\(orderId)/reviews/\(shop.apple.id)"
                #expect(order.first("//a[@href='\(link)']") != nil)
                let form = try await browser.get(link).page()
                let action = try #require(form.first("//form[@enctype='multipart/form-data']")?.attribute("action"))
                #expect(action == "\(link)?_csrf=\(browser.cookies[SessionMiddleware.csrfCookie] ?? "")")
                let png = ImageFixtures.png(width: 300, height: 200)
                let response = try await browser.postReview(action, rating: "5", body: "아삭하고 달아요. 또 살게요.", photo: png)
                #expect(response.status == 200)
                #expect(browser.currentPath == "/products/\(shop.apple.id)#reviews")
                let page = try response.page()
                #expect(page.text("//div[\(hasClass("flash"))]") == Flash.reviewPosted.message)
                let photo = try #require(page.first("\(Self.section)//img[\(hasClass("review-photo"))]"))
                #expect(photo.attribute("src") == "/media/\(SecureToken.hex(of: SHA256.hash(png))).png")
                #expect(photo.attribute("width") == "300")
                let again = try await browser.get("/orders/\(orderId)").page()
                #expect(again.first("//a[@href='\(link)']") == nil)
                #expect(try await browser.get(link).status == 409)
            }
        }
    }

    @Test("a review form without its CSRF token is refused with 403 and stores nothing")
    func csrfRequired() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.signedInBrowser()
                let orderId = try await shop.paidOrder(browser, shop.apple)
                let response = try await browser.postReview("/orders/\(orderId)/reviews/\(shop.apple.id)", rating: "5",
                                                            body: "아삭하고 달아요. 또 살게요.", photo: ImageFixtures.png(width: 3, height: 2))
                #expect(response.status == 403)
                #expect(try await shop.shop.count("product_review") == 0)
                #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty)
            }
        }
    }

    @Test("a short review comes back with the message on the field, a summary and the stars kept")
    func refusedForm() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.signedInBrowser()
                let orderId = try await shop.paidOrder(browser, shop.apple)
                let link = "/orders/\(orderId)/reviews/\(shop.apple.id)"
                let action = try #require(try await browser.get(link).page().first("//form[@enctype='multipart/form-data']")?.attribute("action"))
                let response = try await browser.postReview(action, rating: "3", body: "짧아요")
                #expect(response.status == 422)
                let page = try response.page()
                #expect(page.text("//p[@id='review-body-error']") == ReviewRules.bodyMessage)
                #expect(page.first("//div[\(hasClass("error-summary"))]//a[@href='#review-body']") != nil)
                #expect(page.first("//input[@id='rating-3'][@checked]") != nil)
                #expect(page.text("//textarea[@id='review-body']") == "짧아요")
                #expect(try await shop.shop.count("product_review") == 0)
            }
        }
    }

    @Test("a shopper who never bought the product gets 404 from the review form and its upload")
    func strangerRefused() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let buyer = try await shop.signedInBrowser()
                let orderId = try await shop.paidOrder(buyer, shop.apple)
                let stranger = try await shop.signedInBrowser("stranger")
                let link = "/orders/\(orderId)/reviews/\(shop.apple.id)"
                #expect(try await stranger.get(link).status == 404)
                let token = stranger.cookies[SessionMiddleware.csrfCookie] ?? ""
                #expect(try await stranger.postReview("\(link)?_csrf=\(token)", rating: "1", body: "사지도 않았지만 별로예요").status == 404)
                #expect(try await shop.shop.count("product_review") == 0)
            }
        }
    }
}
