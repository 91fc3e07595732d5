import TestSupport
import Testing
@testable import Storefront

@Suite("Payment redirect pages over HTTP")
struct PaymentPageTests {
    @Test("Toss's success redirect confirms the order and shows the receipt with the card and the amount paid")
    func successShowsReceipt() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple, quantity: 2)
            let response = try await shop.pay(browser, orderId: orderId)
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//h1[@id='receipt-heading']") == "결제 완료")
            #expect(page.text("//span[\(hasClass("badge-PAID"))]") == "결제 완료")
            #expect(page.text("//section[\(hasClass("receipt"))]/dl[\(hasClass("kv"))]/dd[1]") == orderId)
            #expect(page.texts("//table[\(hasClass("lines-table"))]/tbody/tr/th") == ["사과"])
            #expect(page.text("//dl[\(hasClass("payment-info"))]/dd[\(hasClass("amount-paid"))]") == "28,800원")
            #expect(page.first("//dl[\(hasClass("payment-info"))]/dd[contains(., '신한')]") != nil)
            #expect(page.first("//a[@href='/orders/\(orderId)']") != nil)
            #expect(try await shop.status(orderId) == .paid)
        }
    }

    @Test("a success redirect whose amount differs from the order fails the order without asking the provider")
    func tamperedAmount() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            let response = try await browser.get("/payments/toss/success?paymentKey=pk_1&orderId=\(orderId)&amount=100")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//h1[@id='failure-heading']") == "결제하지 못했어요")
            #expect(page.text("//code") == PaymentFailureMessage.amountMismatchCode)
            #expect(try await shop.status(orderId) == .failed)
            #expect(shop.method.confirmCalls.isEmpty)
        }
    }

    @Test("Toss's fail redirect shows the Korean reason, the order and the way back, and fails the order")
    func failRedirect() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            let response = try await browser.get("/payments/toss/fail?code=PAY_PROCESS_CANCELED&message=x&orderId=\(orderId)")
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//section[\(hasClass("failure"))]//p[\(hasClass("lead"))]")
                    == PaymentFailureMessage.text(code: "PAY_PROCESS_CANCELED", tossMessage: nil))
            #expect(page.text("//code") == "PAY_PROCESS_CANCELED")
            #expect(page.text("//dd[\(hasClass("mono"))]") == orderId)
            #expect(page.first("//a[@href='/checkout']") != nil)
            #expect(page.first("//a[@href='/cart']") != nil)
            #expect(try await shop.status(orderId) == .failed)
        }
    }

    @Test("a fail redirect's message is shown as text, never as markup")
    func failMessageEscaped() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            let message = PageContext.queryEncode("<script>alert(1)</script>")
            let page = try await browser.get("/payments/toss/fail?code=%3Cb%3EODD&message=\(message)&orderId=\(orderId)").page()
            #expect(page.xpath("//script").isEmpty)
            #expect(page.xpath("//main//b").isEmpty)
            #expect(page.text("//code") == "bODD")
        }
    }

    @Test("another shopper's order cannot be confirmed through the success redirect")
    func successForAnotherUsersOrder() async throws {
        try await withPageShop { shop in
            let owner = try await shop.signedInBrowser("owner")
            let orderId = try await shop.placeOrder(owner, shop.apple)
            let other = try await shop.signedInBrowser("other")
            let response = try await shop.pay(other, orderId: orderId)
            #expect(response.status == 404)
            #expect(try response.page().text("//code") == PaymentFailureMessage.invalidOrderCode)
            #expect(try await shop.status(orderId) == .pending)
            #expect(shop.method.confirmCalls.isEmpty)
        }
    }
}
