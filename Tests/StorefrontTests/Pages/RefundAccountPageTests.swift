import Foundation
import Logging
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// 주문 취소 of a virtual-account order after its deposit (issue 20 item 2): the money came by bank transfer, so the
/// provider refunds it only to an account the shopper names. The fake provider behaves like Toss here: it refuses
/// such a cancel without an account and lists two banks (88 신한은행, 20 우리은행).
@Suite("Refund account for a deposited virtual account", .timeLimit(.minutes(1)))
struct RefundAccountPageTests {
    static let form = "//form[\(hasClass("cancel-form"))]"

    /// A virtual-account order of one apple, issued and waiting for its deposit.
    static func issuedOrder(_ shop: PageShop) async throws -> (TestBrowser, String) {
        shop.method.state.withLock {
            $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0)
            $0.refundsNeedAccountAfterDeposit = true
        }
        let browser = try await shop.signedInBrowser()
        let orderId = try await shop.placeOrder(browser, shop.apple)
        _ = try await shop.pay(browser, orderId: orderId)
        return (browser, orderId)
    }

    /// A virtual-account order of one apple whose deposit arrived (the provider's webhook paid it).
    static func depositedOrder(_ shop: PageShop) async throws -> (TestBrowser, String) {
        let (browser, orderId) = try await issuedOrder(shop)
        var record = try #require(try await shop.method.status(paymentKey: "pk_\(orderId)"))
        record.status = .done
        shop.method.setProviderRecord(record)
        let flow = PaymentFlow(database: shop.shop.database, methods: [shop.method], origin: PublicOrigin("http://shop.test"),
                               logger: .discarding)
        #expect(await flow.handleWebhook(body: DepositReversalTests.callback(orderId, status: "DONE")) == .handled)
        try #require(try await shop.status(orderId) == .paid)
        return (browser, orderId)
    }

    static func cancel(_ browser: TestBrowser, _ orderId: String, bank: String, number: String, holder: String) async throws -> TestResponse {
        try await browser.submit("/orders/\(orderId)/cancel", fields: [
            (RefundAccountInput.bankField, bank), (RefundAccountInput.numberField, number), (RefundAccountInput.holderField, holder),
        ])
    }

    @Test("a deposited virtual-account order's cancel step asks for the bank (a list), the account number and the holder")
    func formShown() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.depositedOrder(shop)
            let page = try await browser.get("/orders/\(orderId)/cancel").page()
            #expect(page.text("//dd[\(hasClass("refund-means"))]") == nil)
            #expect(page.text("//span[\(hasClass("refund-means"))]") == "입력하신 계좌")
            #expect(page.texts("\(Self.form)//select[@name='refund_bank']/option[@value!='']") == ["신한은행", "우리은행"])
            #expect(page.first("\(Self.form)//input[@name='refund_account_number']") != nil)
            #expect(page.first("\(Self.form)//input[@name='refund_holder_name']") != nil)
            #expect(page.first("//label[@for='refund-account-number']") != nil)
        }
    }

    @Test("a deposited virtual-account order is refunded to the account the shopper gives, hyphens and spaces dropped")
    func refundedToAccount() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.depositedOrder(shop)
            let response = try await Self.cancel(browser, orderId, bank: "88", number: "110-123 456789", holder: "  홍길동 ")
            #expect(response.status == 200)
            #expect(try await shop.status(orderId) == .canceled)
            #expect(shop.method.state.withLock { $0.cancelDestinations } == [
                .bankAccount(bankCode: "88", accountNumber: "110123456789", holderName: "홍길동"),
            ])
        }
    }

    @Test("a cancel without an account on a deposited order shows the form with what is missing instead of failing")
    func missingAccountShowsForm() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.depositedOrder(shop)
            let response = try await browser.submit("/orders/\(orderId)/cancel", fields: [])
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.errorHeading == nil)
            #expect(page.first("//div[@role='alert'][@autofocus]//a[@href='#refund-bank']") != nil)
            #expect(page.first("//h1[@id='cancel-heading']") != nil)
            #expect(page.text("//p[@id='refund-bank-error']") == "환불받을 은행을 선택해 주세요.")
            #expect(page.text("//p[@id='refund-account-number-error']") == "환불받을 계좌번호를 입력해 주세요.")
            #expect(page.text("//p[@id='refund-holder-name-error']") == "예금주 이름을 입력해 주세요.")
            #expect(try await shop.status(orderId) == .paid)
            #expect(shop.method.cancelCallCount == 0)
        }
    }

    @Test("a bad account is refused with Korean messages beside its fields, what was typed kept, and nothing changes")
    func badAccountRefused() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.depositedOrder(shop)
            let stock = try await shop.shop.stock(shop.apple.id)
            let response = try await Self.cancel(browser, orderId, bank: "99", number: "12345", holder: String(repeating: "가", count: 21))
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='refund-bank-error']") == "목록에 있는 은행을 선택해 주세요.")
            #expect(page.text("//p[@id='refund-account-number-error']") == "계좌번호는 6~20자리 숫자여야 합니다.")
            #expect(page.text("//p[@id='refund-holder-name-error']") == "예금주 이름은 20자 이하로 입력해 주세요.")
            #expect(page.first("//input[@name='refund_account_number']")?.attribute("value") == "12345")
            #expect(try await shop.status(orderId) == .paid)
            #expect(try await shop.shop.stock(shop.apple.id) == stock)
            #expect(shop.method.cancelCallCount == 0)
        }
    }

    @Test("an account the provider refuses (holder and number do not match) comes back beside the number, the order still paid")
    func providerRefusesAccount() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.depositedOrder(shop)
            shop.method.state.withLock {
                $0.cancelFailure = PaymentError(.rejected, code: "INVALID_REFUND_ACCOUNT_INFO", message: "환불 계좌번호와 예금주명이 일치하지 않습니다.")
            }
            let response = try await Self.cancel(browser, orderId, bank: "20", number: "1002123456789", holder: "김철수")
            #expect(response.status == 422)
            #expect(try response.page().text("//p[@id='refund-account-number-error']")
                    == PaymentErrorTable.message(.cancel, code: "INVALID_REFUND_ACCOUNT_INFO"))
            #expect(try await shop.status(orderId) == .paid)
        }
    }

    @Test("before the deposit a virtual-account order asks for no account and is canceled as before")
    func waitingNeedsNoAccount() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.issuedOrder(shop)
            let page = try await browser.get("/orders/\(orderId)").page()
            #expect(page.first("//select[@name='refund_bank']") == nil)
            _ = try await browser.submit("/orders/\(orderId)/cancel", fields: [])
            #expect(try await shop.status(orderId) == .canceled)
            #expect(shop.method.state.withLock { $0.cancelDestinations } == [nil])
        }
    }
}
