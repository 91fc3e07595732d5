import Foundation
import Testing
import TestSupport
@testable import Storefront

/// What the receipt of a virtual account says before the deposit: the amount to deposit (nothing was paid yet),
/// the account with the merchant as its holder (예금주) and the shopper as the depositor (입금자명), a number one tap
/// selects (and a 복사 button once script runs), and the deadline in words.
@Suite("Virtual account receipt", .timeLimit(.minutes(1)))
struct VirtualAccountReceiptTests {
    static let info = "//dl[\(hasClass("payment-info"))]"

    static func value(_ page: HTMLDocument, _ label: String) -> String? {
        page.text("\(info)/dt[.='\(label)']/following-sibling::dd[1]")
    }

    /// The receipt of a virtual account issued for one apple (12,900원 and 3,000원 shipping).
    static func issuedReceipt(_ shop: PageShop) async throws -> HTMLDocument {
        shop.method.state.withLock { $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0) }
        let browser = try await shop.signedInBrowser()
        let orderId = try await shop.placeOrder(browser, shop.apple)
        return try await shop.pay(browser, orderId: orderId).page()
    }

    @Test("before the deposit the receipt shows 입금하실 금액, and neither 실 결제 금액 nor 결제 일시")
    func amountToDeposit() async throws {
        try await withPageShop { shop in
            let page = try await Self.issuedReceipt(shop)
            #expect(Self.value(page, "입금하실 금액") == "15,900원")
            #expect(page.first("\(Self.info)/dt[.='실 결제 금액']") == nil)
            #expect(page.first("\(Self.info)/dt[.='결제 일시']") == nil)
        }
    }

    @Test("the receipt's lead says by when and how much to deposit, and the account comes before the lines")
    func leadAndOrder() async throws {
        try await withPageShop { shop in
            let page = try await Self.issuedReceipt(shop)
            let due = try #require(ProviderTimestamp.parse(FakePaymentMethod.dueDate))
            #expect(page.text("//p[\(hasClass("lead"))]") == "\(PageContext.dayAndTimeText(due))까지 15,900원을 입금해 주세요. 기한이 지나면 주문이 취소됩니다.")
            #expect(page.texts("//section[\(hasClass("receipt"))]/h2") == ["입금 계좌", "주문 상품"])
        }
    }

    @Test("예금주 is the merchant and 입금자명 the shopper the account was issued to")
    func holderAndDepositor() async throws {
        try await withPageShop { shop in
            let page = try await Self.issuedReceipt(shop)
            #expect(Self.value(page, "예금주") == ShopIdentity.merchantName)
            #expect(Self.value(page, "입금자명") == "홍길동")
        }
    }

    @Test("the account number is selectable text with a 복사 button that stays hidden until copy.js shows it")
    func copyableNumber() async throws {
        try await withPageShop { shop in
            let page = try await Self.issuedReceipt(shop)
            let number = try #require(page.first("\(Self.info)//span[\(hasClass("account-number"))]"))
            #expect(!number.text.isEmpty)
            let button = try #require(page.first("\(Self.info)//button[\(hasClass("copy-button"))]"))
            #expect(button.attribute("data-copy-target") == number.attribute("id"))
            #expect(button.attribute("hidden") != nil)
            #expect(button.attribute("type") == "button")
            #expect(page.first("//script[@src='/public/js/copy.js']") != nil)
        }
    }

    @Test("the deadline reads in words, 12월 3일 14:00까지, in Seoul time")
    func deadlineInWords() async throws {
        try await withPageShop { shop in
            let page = try await Self.issuedReceipt(shop)
            let due = try #require(ProviderTimestamp.parse(FakePaymentMethod.dueDate))
            #expect(Self.value(page, "입금 기한") == PageContext.dayAndTimeText(due) + "까지")
            #expect(Self.value(page, "입금 기한")?.wholeMatch(of: /(\d{4}년 )?\d{1,2}월 \d{1,2}일 \d{2}:\d{2}까지/) != nil)
        }
    }
}

@Suite("Dates in words")
struct DateWordsTests {
    static let now = Date(timeIntervalSince1970: 1_764_633_600) // 2025-12-02 09:00 in Seoul

    @Test("a date this year reads as month, day and time without the year, the time in Seoul")
    func thisYear() {
        // 2025-12-03 05:00 UTC is 14:00 in Seoul.
        #expect(PageContext.dayAndTimeText(Date(timeIntervalSince1970: 1_764_738_000), now: Self.now) == "12월 3일 14:00")
    }

    @Test("a date in another year names the year, and an hour before ten has two digits")
    func otherYear() {
        // 2026-01-03 00:05 UTC is 09:05 in Seoul.
        #expect(PageContext.dayAndTimeText(Date(timeIntervalSince1970: 1_767_398_700), now: Self.now) == "2026년 1월 3일 09:05")
    }

    @Test("Toss's due date becomes a deadline in words; text that is not a timestamp is shown as it came")
    func deadline() {
        #expect(OrderPages.deadlineText(iso: "not a date") == "not a date")
        #expect(OrderPages.deadlineText(iso: "2025-12-03T14:00:00+09:00").hasSuffix("12월 3일 14:00까지"))
    }
}
