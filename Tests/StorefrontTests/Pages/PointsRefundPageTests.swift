import Foundation
import Logging
import Testing
import TestSupport
@testable import Storefront

/// What the order page says of a 토스페이 payment made partly with points: Toss's `easyPay.discountAmount` is a
/// means the shopper paid with (토스포인트, its easy-pay response guide), not a discount, and each cancel says how
/// much of it went back as points (`cancels[].easyPayDiscountAmount`). The page shows both, per means.
/// The fake provider charges 12,900원 as 7,900원 by card and 5,000원 in points, and refunds the card's part first.
@Suite("Refunds of a payment made partly with points", .timeLimit(.minutes(1)))
struct PointsRefundPageTests {
    static let info = "//dl[\(hasClass("payment-info"))]"

    /// The text of the `dd` after the `dt` reading `label` in the payment info.
    static func value(_ page: HTMLDocument, _ label: String) -> String? {
        page.text("\(info)/dt[.='\(label)']/following-sibling::dd[1]")
    }

    /// A paid order of one apple, 5,000원 of it in points; returns the browser and the order id.
    static func paidWithPoints(_ shop: PageShop) async throws -> (TestBrowser, String) {
        shop.method.state.withLock { $0.confirmBehaviour = .approve(.done, discount: 5_000) }
        let browser = try await shop.signedInBrowser()
        let orderId = try await shop.placeOrder(browser, shop.apple)
        _ = try await shop.pay(browser, orderId: orderId)
        return (browser, orderId)
    }

    /// Refunds `amount` of the order through the payment flow: no shopper page offers a partial refund.
    static func refund(_ shop: PageShop, _ orderId: String, _ amount: Int) async throws {
        let flow = PaymentFlow(database: shop.shop.database, methods: [shop.method], origin: PublicOrigin("http://shop.test"),
                               logger: .discarding)
        _ = try await flow.cancel(userId: try await shop.userId(), orderId: orderId, amount: amount)
    }

    @Test("the points a payment used are shown as 포인트 사용, never as 할인")
    func pointsAreAMeans() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidWithPoints(shop)
            let page = try await browser.get("/orders/\(orderId)").page()
            #expect(Self.value(page, "포인트 사용") == "5,000원")
            #expect(Self.value(page, "실 결제 금액") == "10,900원")
            #expect(page.first("\(Self.info)/dt[starts-with(., '할인')]") == nil)
            #expect(page.first("\(Self.info)/dt[.='환불 금액']") == nil)
            // 주문 취소's step says the points go back as points.
            let step = try await browser.get("/orders/\(orderId)/cancel").page()
            #expect(step.text("//span[\(hasClass("refund-points"))]") == "포인트 5,000원")
        }
    }

    @Test("after a partial refund the order page shows the amount refunded and what went back to each means")
    func partialRefund() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidWithPoints(shop)
            try await Self.refund(shop, orderId, 3_000)
            let page = try await browser.get("/orders/\(orderId)").page()
            #expect(Self.value(page, "환불 금액") == "3,000원")
            #expect(Self.value(page, "결제 수단으로 환불") == "3,000원")
            #expect(Self.value(page, "포인트로 환불") == "0원")
        }
    }

    @Test("after a full refund the order page shows everything refunded, the points returned as points")
    func fullRefund() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidWithPoints(shop)
            let page = try await browser.submit("/orders/\(orderId)/cancel", fields: []).page()
            #expect(page.text("//span[\(hasClass("badge-CANCELED"))]") == "취소 완료")
            #expect(Self.value(page, "환불 금액") == "15,900원")
            #expect(Self.value(page, "결제 수단으로 환불") == "10,900원")
            #expect(Self.value(page, "포인트로 환불") == "5,000원")
        }
    }

    @Test("after a partial and then a full refund the points come back once, with the rest of the card's part")
    func partialThenFullRefund() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidWithPoints(shop)
            try await Self.refund(shop, orderId, 3_000)
            let page = try await browser.submit("/orders/\(orderId)/cancel", fields: []).page()
            #expect(Self.value(page, "환불 금액") == "15,900원")
            #expect(Self.value(page, "결제 수단으로 환불") == "10,900원")
            #expect(Self.value(page, "포인트로 환불") == "5,000원")
        }
    }

    @Test("a partial refund of a payment without points shows its amount and no split by means")
    func refundWithoutPoints() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            _ = try await shop.pay(browser, orderId: orderId)
            try await Self.refund(shop, orderId, 2_900)
            let page = try await browser.get("/orders/\(orderId)").page()
            #expect(Self.value(page, "환불 금액") == "2,900원")
            #expect(page.first("\(Self.info)/dt[.='포인트로 환불' or .='결제 수단으로 환불']") == nil)
        }
    }
}
