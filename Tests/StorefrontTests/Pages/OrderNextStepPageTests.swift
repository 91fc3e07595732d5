import Foundation
import Testing
import TestSupport
@testable import Storefront

/// Order pages say what comes next in words, and list what was charged as 결제 금액.
@Suite("Order pages' next steps and amounts charged", .timeLimit(.minutes(1)))
struct OrderNextStepPageTests {
    static let nextStep = "//p[\(hasClass("next-step"))]"

    @Test("a virtual account waiting for its deposit says by when, in words, and how much to deposit")
    func depositDeadline() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await RefundAccountPageTests.issuedOrder(shop)
            let page = try await browser.get("/orders/\(orderId)").page()
            let due = try #require(ProviderTimestamp.parse(FakePaymentMethod.dueDate))
            #expect(page.text(Self.nextStep) == "\(PageContext.dayAndTimeText(due))까지 15,900원을 입금해 주세요. 기한이 지나면 주문이 취소됩니다.")
            #expect(page.first("\(Self.nextStep)[\(hasClass("next-step-action"))]") != nil)
        }
    }

    @Test("a paid order says the goods are being prepared and may be canceled until they ship")
    func paidPreparing() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await OrderCancelStepPageTests.paidOrder(shop)
            let page = try await browser.get("/orders/\(orderId)").page()
            #expect(page.text(Self.nextStep)?.hasPrefix("상품을 준비하고 있어요.") == true)
        }
    }

    @Test("a canceled order says when it was canceled and what was refunded")
    func canceledSaysWhen() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await OrderCancelStepPageTests.paidOrder(shop)
            let page = try await browser.submit("/orders/\(orderId)/cancel", fields: [(CancelReason.field, CancelReason.changedMind.rawValue)]).page()
            let text = try #require(page.text(Self.nextStep))
            #expect(text.contains("에 취소한 주문입니다. 15,900원은"))
        }
    }

    @Test("OrderNextStep words each order state, and a delivered order asks for 구매 확정", arguments: OrderStatus.allCases)
    func everyState(status: OrderStatus) throws {
        let order = Order(id: 1, orderId: "order-1", userId: 1, signupId: "a", totalQuantity: 1, totalPrice: 15_900,
                          customerName: "홍길동", customerPhone: "01012345678", status: status, paymentMethod: nil,
                          createdAt: Date(), updatedAt: Date(), lines: [], shippingFee: 3_000)
        let step = try #require(OrderNextStep.of(order, payment: nil, delivery: status == .paid ? .delivered : nil))
        #expect(!step.text.isEmpty)
        if status == .paid { #expect(step.text.contains("구매 확정")) }
    }

    @Test("주문내역 lists 결제 금액 as what was charged: 10,900원 for a 15,900원 order paid partly with 5,000 points")
    func historyShowsCharged() async throws {
        try await withPageShop { shop in
            let (browser, _) = try await OrderCancelStepPageTests.paidOrder(shop, discount: 5_000)
            let page = try await browser.get("/orders").page()
            #expect(page.text("\(OrderPageTests.rows)/td[@data-label='결제 금액']") == "10,900원")
        }
    }
}
