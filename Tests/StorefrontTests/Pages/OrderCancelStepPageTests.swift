import Foundation
import Testing
import TestSupport
@testable import Storefront

/// 주문 취소 asks first: the step states the refund and where it goes, offers a reason list, and the cancel posts
/// from it; afterwards the order page shows 취소 일시. The fake provider pays by 신한 card (12345678****000*).
@Suite("주문 취소's confirmation step", .timeLimit(.minutes(1)))
struct OrderCancelStepPageTests {
    static let summary = "//dl[\(hasClass("cancel-summary"))]"

    static func paidOrder(_ shop: PageShop, discount: Int = 0) async throws -> (TestBrowser, String) {
        shop.method.state.withLock { $0.confirmBehaviour = .approve(.done, discount: discount) }
        let browser = try await shop.signedInBrowser()
        let orderId = try await shop.placeOrder(browser, shop.apple)
        _ = try await shop.pay(browser, orderId: orderId)
        return (browser, orderId)
    }

    @Test("the step states the amount refunded and the card it goes back to, and cancels nothing by itself")
    func statesRefund() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidOrder(shop)
            let page = try await browser.get("/orders/\(orderId)/cancel").page()
            #expect(page.text("//h1") == "주문을 취소할까요?")
            #expect(page.text("\(Self.summary)/dd[\(hasClass("refund-amount"))]") == "15,900원")
            #expect(page.text("\(Self.summary)//span[\(hasClass("refund-means"))]") == "신한 12345678****000*")
            #expect(page.text("\(Self.summary)/dd[\(hasClass("refund-to"))]")?.contains("15,900원") == true)
            #expect(page.first("//a[@href='/orders/\(orderId)'][.='돌아가기']") != nil)
            #expect(try await shop.status(orderId) == .paid)
            #expect(shop.method.cancelCallCount == 0)
        }
    }

    @Test("points spent go back as points: the step splits the refund between the card and the points")
    func pointsSplit() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidOrder(shop, discount: 5_000)
            let page = try await browser.get("/orders/\(orderId)/cancel").page()
            #expect(page.text("\(Self.summary)/dd[\(hasClass("refund-amount"))]") == "15,900원")
            #expect(page.text("\(Self.summary)//span[\(hasClass("refund-points"))]") == "포인트 5,000원")
            #expect(page.text("\(Self.summary)/dd[\(hasClass("refund-to"))]")?.contains("10,900원") == true)
        }
    }

    @Test("the reasons are a required list with a first option that chooses none")
    func reasonList() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidOrder(shop)
            let page = try await browser.get("/orders/\(orderId)/cancel").page()
            let select = "//select[@id='cancel-reason'][@name='cancel_reason'][@required]"
            #expect(page.first("//label[@for='cancel-reason']") != nil)
            #expect(page.texts("\(select)/option[@value!='']") == CancelReason.allCases.map(\.label))
            #expect(page.first("\(select)/option[1][@value='']") != nil)
        }
    }

    @Test("a cancel posted without choosing a reason comes back with a focused summary and changes nothing")
    func reasonRequired() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidOrder(shop)
            let response = try await browser.submit("/orders/\(orderId)/cancel", fields: [(CancelReason.field, "")])
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.first("//div[@role='alert'][@autofocus]//a[@href='#cancel-reason']") != nil)
            #expect(page.text("//p[@id='cancel-reason-error']") == "취소 사유를 선택해 주세요.")
            #expect(page.first("//select[@id='cancel-reason'][@aria-invalid='true']") != nil)
            #expect(try await shop.status(orderId) == .paid)
            #expect(shop.method.cancelCallCount == 0)
        }
    }

    @Test("the chosen reason goes to the provider with the refund, and the order page then shows 취소 일시")
    func cancelWithReason() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paidOrder(shop)
            let page = try await browser.submit("/orders/\(orderId)/cancel", fields: [(CancelReason.field, CancelReason.reorder.rawValue)]).page()
            #expect(browser.currentPath == "/orders/\(orderId)")
            #expect(try await shop.status(orderId) == .canceled)
            #expect(shop.method.state.withLock { $0.cancelReasons } == [CancelReason.reorder.label])
            let canceledAt = try #require(page.text("//dt[.='취소 일시']/following-sibling::dd[1]"))
            #expect(canceledAt.wholeMatch(of: /\d{4}년 \d{1,2}월 \d{1,2}일 \d{1,2}:\d{2}/) != nil)
            #expect(page.first("//a[\(hasClass("cancel-link"))]") == nil)
        }
    }

    @Test("an order that cannot be canceled sends the step to its page")
    func pendingRedirects() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            _ = try await browser.get("/orders/\(orderId)/cancel")
            #expect(browser.currentPath == "/orders/\(orderId)")
        }
    }

    @Test("another shopper's order has no cancel step: 404")
    func anotherShoppersStep() async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paidOrder(shop)
            let response = try await shop.signedInBrowser("other").get("/orders/\(orderId)/cancel")
            #expect(response.status == 404)
        }
    }

    @Test("before the deposit the step says there is nothing to refund")
    func waitingNothingToRefund() async throws {
        try await withPageShop { shop in
            shop.method.state.withLock { $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0) }
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            _ = try await shop.pay(browser, orderId: orderId)
            let page = try await browser.get("/orders/\(orderId)/cancel").page()
            #expect(page.text("\(Self.summary)/dd[\(hasClass("refund-amount"))]") == "없음")
            #expect(page.first("//select[@name='refund_bank']") == nil)
        }
    }
}
