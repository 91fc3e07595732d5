import Foundation
import Storefront
import Testing
import TestSupport

/// The shop as a person uses it: headless Chromium over WebDriver, against the real server and the
/// offline Toss sandbox. Each journey leaves screenshots in `.build/browser-screenshots/<journey>/`, and
/// every page it reaches is checked for console errors and basic accessibility.
@Suite("Shopper journeys in a real browser", .serialized, .timeLimit(.minutes(2)), .chromeDriver,
       .enabled(if: BrowserEnvironment.shouldRun, BrowserEnvironment.skipReason))
struct ShopperJourneyTests {
    @Test("a new visitor signs up, finds the product by search and category, buys 3 by card and sees it paid in the history")
    func newVisitorBuysByCard() async throws {
        try await Journey.run("1-new-visitor-card") { journey in
            try await journey.open("/signup", as: "signup")
            try await journey.fill("signup-id", "newbie_01")
            try await journey.fill("password", "sesame street")
            try await journey.fill("password-confirm", "sesame street")
            try await journey.fill("name", "김영희")
            try await journey.fill("phone", "01022223333")
            // 전체 동의 ticks the four boxes (consents.js); the required ones are what the server checks.
            try await journey.browser.find("#agree-all").click()
            #expect(try await journey.browser.find("#agree-marketing").property("checked") as? Bool == true)
            try await journey.press("가입하기", arrivingAt: "catalog-signed-up")
            #expect(try await journey.text(".user-name") == "김영희님")
            try await journey.press("로그아웃", arrivingAt: "catalog-signed-out")
            try await journey.logIn("newbie_01", password: "sesame street")

            try await journey.fill("search-q", "사과")
            try await journey.press("검색", arrivingAt: "search")
            #expect(try await journey.browser.findAll(".product-grid .card").count == 2)
            try await journey.browser.find("#filter-category option[value='식품']").click()
            try await journey.press("적용", arrivingAt: "catalog")
            #expect(try await journey.browser.findAll(".product-grid .card").count == 1)

            let product = journey.live.product.id
            try await journey.browser.find(".product-grid a.card-link[href='/products/\(product)']").click()
            try await journey.arrive(at: "product")
            #expect(try await journey.text("h1") == LiveShopFixture.productName)
            try await journey.fill("quantity", "2")
            try await journey.press("장바구니 담기", arrivingAt: "cart-2")
            try await journey.fill("quantity-\(product)", "3")
            try await journey.press("변경", arrivingAt: "cart")
            #expect(try await journey.browser.find("#quantity-\(product)").property("value") as? String == "3")

            let orderId = try await journey.checkOut(method: "toss.card")
            try await journey.decide("결제 승인", returningTo: "/payments/toss/return/success", as: "receipt")
            #expect(try await journey.text("#receipt-heading") == "결제 완료")
            #expect(try await journey.text(".receipt .badge") == "결제 완료")

            try await journey.open("/orders", as: "order-history")
            let row = try await journey.browser.find(xpath: "//tr[.//span[contains(@class,'order-id')][normalize-space(.)='\(orderId)']]")
            #expect(try await row.text().contains("결제 완료"))
            #expect(try await journey.live.status(orderId) == .paid)
            #expect(try await journey.live.stock() == 7)

            // The bought lines leave the cart when order.paid is handled, a moment after the receipt.
            let emptied = try await journey.browser.wait(timeout: .seconds(20)) {
                try await journey.browser.navigate(journey.live.origin + "/cart")
                return try await journey.text(".cart-count") == "0"
            }
            #expect(emptied, "the paid lines are still in the cart")
            try await journey.arrive(at: "cart-after-payment")
            #expect(try await journey.text(".empty-title") == "장바구니가 비어 있습니다")
        }
    }

    @Test("토스페이 shows and stores the Toss points it spent on the receipt")
    func tossPayDiscount() async throws {
        try await Journey.run("2-tosspay") { journey in
            let orderId = try await journey.buy(method: "toss.tosspay")
            #expect(try await journey.text("#receipt-heading") == "결제 완료")
            #expect(try await journey.text(".payment-info .amount-points") == "1,000원")
            #expect(try await journey.text(".payment-info .amount-paid") == "14,900원")
            #expect(try await journey.live.payment(orderId)?.discount == 1_000)
            #expect(try await journey.live.status(orderId) == .paid)
        }
    }

    @Test("계좌이체 ends on a paid receipt that names the bank")
    func transfer() async throws {
        try await Journey.run("2-transfer") { journey in
            let orderId = try await journey.buy(method: "toss.transfer")
            #expect(try await journey.text("#receipt-heading") == "결제 완료")
            let bank = try await journey.browser.find(xpath: "//dl[contains(@class,'payment-info')]/dt[.='출금 은행']/following-sibling::dd[1]")
            #expect(try await !bank.text().isEmpty)
            #expect(try await journey.live.status(orderId) == .paid)
        }
    }

    @Test("가상계좌 shows the amount to deposit, the account with its 복사 button, the merchant as holder and the deadline in words; a sandbox deposit makes the order paid on reload, and 주문 취소 asks first, then refunds it to the account the shopper types")
    func virtualAccount() async throws {
        try await Journey.run("2-virtual-account") { journey in
            let orderId = try await journey.buy(method: "toss.virtualAccount", approve: "가상계좌 발급")
            #expect(try await journey.text("#receipt-heading") == "주문이 접수되었습니다")
            let account = try #require(try await journey.text(".payment-info .account-number"))
            #expect(!account.isEmpty)
            let due = try await journey.browser.find(xpath: "//dl[contains(@class,'payment-info')]/dt[.='입금 기한']/following-sibling::dd[1]")
            #expect(try await due.text().hasSuffix("까지"))
            #expect(try await journey.text(".payment-info .amount-due")?.hasSuffix("원") == true)
            #expect(try await journey.text(".payment-info .va-holder") == "Storefront")
            // copy.js shows the 복사 button; the number itself is one tap to select without it.
            #expect(try await journey.browser.execute("return !document.querySelector('.copy-button').hidden;") as? Bool == true)
            #expect(try await journey.live.status(orderId) == .waitingForDeposit)

            let detail = "/orders/\(orderId)"
            try await journey.open(journey.live.sandbox.dashboardURL, as: "sandbox-dashboard")
            try await journey.press("입금하기", arrivingAt: "sandbox-deposited")
            let paid = try await journey.browser.wait {
                try await journey.live.status(orderId) == .paid
            }
            #expect(paid, "the deposit webhook did not mark the order paid")
            try await journey.open(detail, as: "order-paid")
            #expect(try await journey.text(".order-head .badge") == "결제 완료")

            // 주문 취소 asks first; Toss refunds a deposit only to an account the cancel names: the step asks for it.
            try await journey.press("주문 취소", arrivingAt: "cancel-step-account")
            #expect(try await journey.text(".refund-means") == "입력하신 계좌")
            try await journey.browser.find("#cancel-reason option[value='CHANGED_MIND']").click()
            try await journey.press("주문 취소하기", arrivingAt: "refund-account-missing", expectingErrorStatus: true)
            #expect(try await journey.text("#refund-bank-error") == "환불받을 은행을 선택해 주세요.")
            #expect(try await journey.browser.execute("return document.activeElement.getAttribute('role');") as? String == "alert")
            #expect(try await journey.live.status(orderId) == .paid)
            try await journey.browser.find("#refund-bank option[value='88']").click()
            try await journey.fill("refund-account-number", "110-123-456789")
            try await journey.fill("refund-holder-name", "홍길동")
            try await journey.press("주문 취소하기", arrivingAt: "order-refunded-to-account")
            #expect(try await journey.text(".order-head .badge") == "취소 완료")
            #expect(try await journey.live.status(orderId) == .canceled)
            #expect(journey.live.sandbox.status(orderId: orderId) == "CANCELED")
        }
    }

    @Test("canceling in the payment window shows a Korean failure page, keeps the cart and returns the stock")
    func cancelInWindow() async throws {
        try await Journey.run("3-cancel-in-window") { journey in
            try await journey.logIn()
            try await journey.addToCart(productId: journey.live.product.id, quantity: 2)
            let orderId = try await journey.checkOut(method: "toss.card")
            #expect(try await journey.live.stock() == 8)
            try await journey.decide("결제 취소", returningTo: "/payments/toss/return/fail", as: "payment-failed")
            #expect(try await journey.text("#failure-heading") == "결제를 취소했어요")
            #expect(try await journey.browser.execute("return document.querySelector('.failure img') === null;") as? Bool == true)
            let message = try await journey.text(".failure .lead") ?? ""
            #expect(message.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }, "not Korean: \(message)")
            #expect(try await journey.live.status(orderId) == .failed)
            #expect(try await journey.live.stock() == 10)

            try await journey.press("장바구니 보기", arrivingAt: "cart-kept")
            #expect(try await journey.browser.find("#quantity-\(journey.live.product.id)").property("value") as? String == "2")
        }
    }

    @Test("a paid order canceled from its detail page asks first (amount, card, reason), then is refunded, shows 취소 일시 and its stock returns")
    func cancelPaidOrder() async throws {
        try await Journey.run("4-cancel-paid-order") { journey in
            let orderId = try await journey.buy(method: "toss.card", quantity: 2)
            #expect(try await journey.live.stock() == 8)
            try await journey.press("주문 상세 보기", arrivingAt: "order-detail")
            try await journey.press("주문 취소", arrivingAt: "cancel-step")
            #expect(try await journey.text(".cancel-summary .refund-amount") == "28,800원")
            #expect(try await journey.live.status(orderId) == .paid)
            try await journey.browser.find("#cancel-reason option[value='REORDER']").click()
            try await journey.press("주문 취소하기", arrivingAt: "order-canceled")
            #expect(try await journey.text(".canceled-at")?.isEmpty == false)
            #expect(try await journey.text(".order-head .badge") == "취소 완료")
            let refunded = try await journey.browser.find(xpath: "//dl[contains(@class,'payment-info')]/dt[.='환불 금액']/following-sibling::dd[1]")
            #expect(try await refunded.text() == "28,800원")
            #expect(try await journey.live.status(orderId) == .canceled)
            #expect(try await journey.live.payment(orderId)?.balanceAmount == 0)
            #expect(journey.live.sandbox.status(orderId: orderId) == "CANCELED")
            #expect(try await journey.live.stock() == 10)
        }
    }

    @Test("at desktop width the payment window opens in an iframe over the payment page and pays with no CSP violation")
    func desktopIframeWindow() async throws {
        try await Journey.run("7-desktop-iframe-window", width: 1280, height: 900) { journey in
            try await journey.logIn()
            try await journey.addToCart(productId: journey.live.product.id, quantity: 1)
            let orderId = try await journey.checkOut(method: "toss.card")
            #expect(journey.paymentWindow == .iframe)
            // The shop's page stays underneath: the window is a frame on it, not a navigation away.
            #expect(try await journey.browser.currentURL().hasPrefix(journey.live.origin))
            try await journey.decide("결제 승인", returningTo: "/payments/toss/return/success", as: "receipt")
            #expect(try await journey.browser.findAll("iframe").isEmpty)
            #expect(try await journey.text("#receipt-heading") == "결제 완료")
            #expect(try await journey.live.status(orderId) == .paid)
        }
    }
}
