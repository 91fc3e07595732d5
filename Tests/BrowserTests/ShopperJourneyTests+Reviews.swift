import Foundation
import Storefront
import Testing
import TestSupport

extension ShopperJourneyTests {
    /// A 240×160 PNG (an orange oval on cream), for the review's photo.
    static let reviewPhotoPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAPAAAACgCAIAAAC9uXYyAAACOElEQVR42u3cMW0DABBD0QNWYCFZBmHQOXsIROqSxfaTPoLzm+9ef0+ppnMCAS0BLQEtAS2gJaAloCWgJaAFtAS0BLQEtAS0gJaAloCWgJaAFtAS0BLQEtAS0AJaAloCWgJaAlpA62O/j5/v5qRAZwvmG+hyxHADXYsYbqCbHZMNdC1lrIFuc0w20LWUsd4FXUx5nPWhjDXQNDMNNMpYA40y1kDTvGv6UMYaaJqZBppmpoGmmeld0GgyfTSryfShrCbWQAtompkGmmamgaaZ6Q3QwDHdAxo1poEW0DQrzfTRrCbTQAtompkGmmamgQYa6EbQMDENtICmWeGmgRbQQAMNNM1MAw000EWg0WEaaAENtIAGGmigaWYaaAENtIAGWkADDTTQQAMNtIAGWkADLaCBBhpooIEGWkADLaCBFtBAAw000EADLaCBFtBAC2imaQYaaKCBFtBAC2im5bcd0EADzTTNQAtooAU00zQDDTTQQDNNM9ACOgU00zS3gWaaZqAFNNPK1BwJmmmagRbQTNMcCCMVNNM0t4FmmuY20EzT3AaaaZqBFtBYoww00zQDzTTNQDNNcytopmc114JmelNzM2is1yhPgGZ6SvMEaKxHKG+BHme9M/EW6E3TU/vOgZ5iPbjsKOh61rObToOuZD2+JtAlss0HdAlrkwHdINtAQMfjNgTQ8bgdHOhs304KtAS0gJaAloCWgJaAFtAS0BLQEtACWgJaAloCWgJaQEtAS0BLQEv/9QYHgjekyPjHNQAAAABJRU5ErkJggg==") ?? Data()

    @Test("after paying, the buyer writes a review with stars, text and a photo from the order page, and it shows on the product page and its card")
    func reviewAfterPurchase() async throws {
        try await Journey.run("10-review-after-purchase") { journey in
            let orderId = try await journey.buy(method: "toss.card")
            let product = journey.live.product.id
            try await journey.open("/orders/\(orderId)", as: "order-reviewable")
            try await journey.press("리뷰 쓰기", arrivingAt: "review-form")
            try await Self.writeReview(journey, stars: 4, text: "아삭하고 달아요. 선물용으로도 좋겠어요.", photo: true)
            try await journey.press("리뷰 등록", arrivingAt: "product-with-review")
            #expect(try await journey.currentPath() == "/products/\(product)#reviews")
            #expect(try await journey.text(".review-body") == "아삭하고 달아요. 선물용으로도 좋겠어요.")
            #expect(try await journey.text(".review-average strong") == "4.0")
            let photoWidth = try await journey.browser.execute(
                "var i = document.querySelector('.review-photo'); return i && i.complete ? i.naturalWidth : 0;") as? Int
            #expect(photoWidth == 240, "the review's photo did not load from /media/")
            try await journey.open("/", as: "catalog-rated")
            #expect(try await journey.text(".card-rating span[aria-hidden]") == "★ 4.0 (1)")
        }
    }

    @Test("on a 375×812 phone the consents, the review form and the product's reviews fit the screen with tap targets of 44×44 px")
    func reviewsOnPhone() async throws {
        try await Journey.run("11-phone-reviews", width: 375, height: 812) { journey in
            try await journey.open("/signup", as: "signup-phone")
            #expect(try await Self.smallTapTargets(journey).isEmpty)
            _ = try await journey.browser.execute("document.querySelector('fieldset.consents').scrollIntoView();")
            try await journey.arrive(at: "signup-consents-phone")
            let orderId = try await journey.buy(method: "toss.card")
            try await journey.open("/orders/\(orderId)/reviews/\(journey.live.product.id)", as: "review-form-phone")
            #expect(try await Self.smallTapTargets(journey).isEmpty)
            try await Self.writeReview(journey, stars: 5, text: "휴대폰에서도 쉽게 리뷰를 남길 수 있네요.", photo: false)
            try await journey.tap(".review-write button[type=submit]")
            try await journey.arrive(at: "product-reviews-phone")
            _ = try await journey.browser.execute("document.getElementById('reviews').scrollIntoView();")
            try await journey.arrive(at: "product-reviews-phone-scrolled")
            #expect(try await journey.text(".review-average strong") == "5.0")
            #expect(try await Self.smallTapTargets(journey).isEmpty)
        }
    }

    /// Picks the stars, types the text and, when asked, attaches the photo from a file, as a person would.
    static func writeReview(_ journey: Journey, stars: Int, text: String, photo: Bool) async throws {
        try await journey.tap("label.star-choice:has(#rating-\(stars))")
        try await journey.fill("review-body", text)
        guard photo else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString).png")
        try reviewPhotoPNG.write(to: file)
        try await journey.browser.find("#review-photo").type(file.path)
    }
}
