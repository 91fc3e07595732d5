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
