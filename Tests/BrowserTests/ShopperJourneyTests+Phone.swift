import Foundation
import Storefront
import Testing
import TestSupport

extension ShopperJourneyTests {
    @Test("a maker written in hanja (深圳 테크) shows 圳 in a real glyph, not a tofu box, on the catalog and the product page")
    func hanjaMaker() async throws {
        try await Journey.run("8-hanja-maker") { journey in
            try await journey.open("/?category=\(PageURL.encode("디지털"))", as: "catalog-digital")
            #expect(try await journey.text(".card-title") == Journey.cjkProductName)
            #expect(try await journey.browser.execute(Self.drawsGlyph(".card-title", "圳")) as? Bool == true,
                    "圳 draws as the font's missing-glyph box on the card")
            try await journey.browser.find(xpath: "//a[contains(@class,'card-link')][.//h2[.='\(Journey.cjkProductName)']]").click()
            try await journey.arrive(at: "product-hanja")
            #expect(try await journey.text("h1") == Journey.cjkProductName)
            #expect(try await journey.browser.execute(Self.drawsGlyph("h1", "圳")) as? Bool == true,
                    "圳 draws as the font's missing-glyph box")
        }
    }

    @Test("on a 375×812 phone the filters fold behind 필터 with chips, the product page and checkout keep a bottom bar, and 바로구매 pays for that product alone, leaving the cart as it was")
    func phoneBuyNow() async throws {
        try await Journey.run("9-phone-buy-now", width: 375, height: 812) { journey in
            try await journey.logIn()
            try await journey.addToCart(productId: journey.live.product.id, quantity: 1)

            try await journey.open("/", as: "catalog-phone")
            #expect(try await journey.browser.find("details.filter-details").property("open") as? Bool == false)
            let firstCard = try await journey.browser.execute(PageAudit.placement(".product-grid .card")) as? [Any]
            #expect((firstCard?.first as? Int ?? 9_999) < 812, "the first product starts below the first screen")
            #expect(try await Self.smallTapTargets(journey).isEmpty)

            try await journey.browser.find("summary.filter-toggle").click()
            try await journey.browser.find("#filter-category option[value='디지털']").click()
            try await journey.press("적용", arrivingAt: "catalog-phone-filtered")
            #expect(try await journey.browser.findAll(".filter-chips .chip").count == 1)
            #expect(try await journey.text(".filter-chips .chip")?.hasPrefix("카테고리: 디지털") == true)
            #expect(try await Self.smallTapTargets(journey).isEmpty)

            try await journey.browser.find(xpath: "//a[contains(@class,'card-link')][.//h2[.='\(Journey.cjkProductName)']]").click()
            try await journey.arrive(at: "product-phone")
            try await Self.expectBottomBar(journey, ".buy-bar")
            #expect(try await journey.text(".buy-bar-price") == "89,000원")
            #expect(try await Self.smallTapTargets(journey).isEmpty)
            try await journey.tap(".stepper-button[data-step='1']")
            #expect(try await journey.browser.find("#quantity").property("value") as? String == "2")

            try await journey.press("바로구매", arrivingAt: "checkout-phone")
            #expect(try await journey.browser.findAll(".summary-lines li").count == 1)
            #expect(try await journey.text(".summary-line-name") == "\(Journey.cjkProductName) × 2")
            #expect(try await journey.text(".summary-line-total") == "178,000원")
            try await Self.expectBottomBar(journey, ".pay-bar")
            #expect(try await Self.smallTapTargets(journey).isEmpty)
            let orderId = try await journey.payOnCheckoutPage(method: "toss.card")
            try await journey.decide("결제 승인", returningTo: "/payments/toss/return/success", as: "receipt")
            #expect(try await journey.live.status(orderId) == .paid)
            let found = try await journey.live.database.read { db in try OrderRepository().find(db, orderId: orderId) }
            let order = try #require(found)
            #expect(order.lines.map(\.quantity) == [2])
            #expect(order.totalPrice == 178_000)

            try await journey.open("/cart", as: "cart-untouched")
            #expect(try await journey.browser.find("#quantity-\(journey.live.product.id)").property("value") as? String == "1")
            #expect(try await journey.text(".cart-count") == "1")
        }
    }

    static func smallTapTargets(_ journey: Journey) async throws -> [String] {
        try await journey.browser.execute(PageAudit.smallTapTargets) as? [String] ?? ["no answer"]
    }

    /// The bar is fixed to the bottom edge of the window and shown.
    static func expectBottomBar(_ journey: Journey, _ selector: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let placement = try await journey.browser.execute(PageAudit.placement(selector)) as? [Any] ?? []
        #expect(placement.count == 4, sourceLocation: sourceLocation)
        guard placement.count == 4 else { return }
        #expect(placement[3] as? String == "fixed", sourceLocation: sourceLocation)
        #expect(placement[1] as? Int == placement[2] as? Int, "bar \(selector) ends at \(placement[1]), not at the window's bottom",
                sourceLocation: sourceLocation)
    }

    /// A script answering whether `character`, in the font stack of the first `selector`, draws differently
    /// from a code point no font has (U+0378, unassigned): the same pixels mean a missing-glyph box.
    static func drawsGlyph(_ selector: String, _ character: String) -> String {
        """
        var element = document.querySelector('\(selector)');
        var family = getComputedStyle(element).fontFamily;
        var canvas = document.createElement('canvas');
        canvas.width = 64; canvas.height = 64;
        var context = canvas.getContext('2d');
        function pixels(text) {
          context.clearRect(0, 0, 64, 64);
          context.font = '48px ' + family;
          context.fillText(text, 4, 52);
          return Array.prototype.join.call(context.getImageData(0, 0, 64, 64).data, ',');
        }
        return pixels('\(character)') !== pixels('\\u0378');
        """
    }
}

/// Query components for the journeys' URLs.
enum PageURL {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
