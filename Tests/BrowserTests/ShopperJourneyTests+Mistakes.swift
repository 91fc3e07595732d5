import Foundation
import Storefront
import Testing
import TestSupport

extension ShopperJourneyTests {
    @Test("a taken signup id, a wrong password and a quantity above stock each show a message by the field and change nothing")
    func badInput() async throws {
        try await Journey.run("5-bad-input", stock: 4) { journey in
            try await journey.open("/signup", as: "signup")
            try await journey.fill("signup-id", LiveShopFixture.signupId)
            try await journey.fill("password", "another password")
            try await journey.fill("password-confirm", "another password")
            try await journey.fill("name", "다른사람")
            try await journey.fill("phone", "01044445555")
            try await journey.browser.find("#agree-all").click()
            try await journey.press("가입하기", arrivingAt: "signup-taken", expectingErrorStatus: true)
            #expect(try await journey.text("#signup-id-error")?.isEmpty == false)
            #expect(try await journey.browser.find("#signup-id").attribute("aria-invalid") == "true")
            #expect(try await journey.browser.findAll(".user-name").isEmpty)

            try await journey.open("/login", as: "login")
            try await journey.fill("signup-id", LiveShopFixture.signupId)
            try await journey.fill("password", "wrong horse")
            try await journey.press("로그인", arrivingAt: "login-wrong-password", expectingErrorStatus: true)
            #expect(try await journey.text("#password-error")?.isEmpty == false)
            #expect(try await journey.browser.findAll(".user-name").isEmpty)

            // The taken id still belongs to its owner: the original password signs in.
            try await journey.logIn()
            #expect(try await journey.text(".user-name") == "홍길동님")

            try await journey.open("/products/\(journey.live.product.id)", as: "product")
            try await journey.fill("quantity", "5")
            try await journey.press("장바구니 담기", arrivingAt: "product-over-stock", expectingErrorStatus: true)
            #expect(try await journey.text("#quantity-error")?.isEmpty == false)
            #expect(try await journey.text(".cart-count") == "0")
            #expect(try await journey.live.stock() == 4)
        }
    }

    @Test("in a phone-sized window the catalog, cart and checkout fit without scrolling sideways")
    func narrowWindow() async throws {
        try await Journey.run("6-narrow-window", width: 375, height: 740) { journey in
            try await journey.logIn()
            #expect(try await journey.browser.execute("return document.documentElement.clientWidth;") as? Int == 375)
            try await journey.open("/", as: "catalog")
            #expect(try await Self.overflow(journey).isEmpty)
            try await journey.addToCart(productId: journey.live.product.id, quantity: 1)
            try await journey.open("/checkout", as: "checkout")
            #expect(try await Self.overflow(journey).isEmpty)
            // Usable, not just visible: the shopper can still pay from here.
            try await journey.checkOut(method: "toss.card")
            // On a phone Toss's SDK takes the whole page for its window rather than an iframe.
            #expect(journey.paymentWindow == .page)
            try await journey.decide("결제 승인", returningTo: "/payments/toss/success", as: "receipt")
            #expect(try await journey.text("#receipt-heading") == "결제 완료")
        }
    }

    static func overflow(_ journey: Journey) async throws -> [String] {
        try await journey.browser.execute(PageAudit.horizontalOverflow) as? [String] ?? ["no answer"]
    }
}
