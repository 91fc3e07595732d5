import Testing
import TestSupport
@testable import Storefront

/// The failure page speaks to a person: the shopper's own cancel is no alarm, a refusal says why and what to try,
/// the cart is mentioned once, and the code waits in a collapsed detail for support.
@Suite("Payment failure page wording", .timeLimit(.minutes(1)))
struct PaymentFailurePageTests {
    static func failed(_ shop: PageShop, code: String) async throws -> (HTMLDocument, String) {
        let browser = try await shop.signedInBrowser()
        let orderId = try await shop.placeOrder(browser, shop.apple)
        let page = try await browser.get("/payments/toss/fail?code=\(code)&message=x&orderId=\(orderId)").page()
        return (page, orderId)
    }

    @Test("the shopper's own cancel reads 결제를 취소했어요, with no alarm icon and no code in the reading line")
    func ownCancel() async throws {
        try await withPageShop { shop in
            let (page, _) = try await Self.failed(shop, code: "PAY_PROCESS_CANCELED")
            #expect(page.text("//h1[@id='failure-heading']") == "결제를 취소했어요")
            #expect(page.first("//img[contains(@src, 'alert.svg')]") == nil)
            #expect(page.first("//p[contains(., 'PAY_PROCESS_CANCELED')]") == nil)
            #expect(page.first("//p[\(hasClass("failure-advice"))]") == nil)
        }
    }

    @Test("the code and the order id are kept for support inside a closed <details>")
    func codeCollapsed() async throws {
        try await withPageShop { shop in
            let (page, orderId) = try await Self.failed(shop, code: "PAY_PROCESS_CANCELED")
            let details = "//details[\(hasClass("failure-detail"))][not(@open)]"
            #expect(page.text("\(details)//code") == "PAY_PROCESS_CANCELED")
            #expect(page.text("\(details)//dd[\(hasClass("mono"))]") == orderId)
            #expect(page.text("\(details)/summary") == "고객센터에 알려 주실 정보")
        }
    }

    @Test("the page says once that the cart is kept", arguments: ["PAY_PROCESS_CANCELED", "REJECT_CARD_COMPANY", "PAY_PROCESS_ABORTED"])
    func cartOnce(code: String) async throws {
        try await withPageShop { shop in
            let (page, _) = try await Self.failed(shop, code: code)
            #expect(page.xpath("//section[\(hasClass("failure"))]//p[contains(., '장바구니')]").count == 1)
        }
    }

    @Test("a card rejection gives its reason and, apart, what to try, under an alarm icon")
    func cardRejection() async throws {
        try await withPageShop { shop in
            let (page, _) = try await Self.failed(shop, code: "REJECT_CARD_PAYMENT")
            #expect(page.text("//h1[@id='failure-heading']") == "결제하지 못했어요")
            #expect(page.text("//p[\(hasClass("failure-reason"))]") == "한도 초과 또는 잔액 부족으로 결제가 거절되었습니다.")
            #expect(page.text("//p[\(hasClass("failure-advice"))]") == "이렇게 해 보세요: 다른 카드로 다시 결제해 주세요.")
            #expect(page.first("//img[contains(@src, 'alert.svg')][@alt='']") != nil)
        }
    }

    @Test("a message of one sentence is all reason; a longer one splits after its first sentence")
    func split() {
        let one = PaymentFailureView.split("결제를 취소했습니다.")
        #expect(one.reason == "결제를 취소했습니다." && one.advice == nil)
        let two = PaymentFailureView.split("거절되었습니다. 다른 카드로 결제해 주세요.")
        #expect(two.reason == "거절되었습니다." && two.advice == "다른 카드로 결제해 주세요.")
    }
}
