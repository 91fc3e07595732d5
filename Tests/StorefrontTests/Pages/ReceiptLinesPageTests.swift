import Foundation
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// One receipt path for every provider: the shopper's order page and the back office's order page show a payment's
/// means only from the provider's receipt lines, and any account paid into on one bank slip, whoever issued it.
/// Each case stores the payment as its provider's decoder words it, over a paid order of two apples.
@Suite("Receipt lines on the order pages", .timeLimit(.minutes(1)))
struct ReceiptLinesPageTests {
    /// How a provider recorded a payment: its lines, and the account paid into when there was one.
    struct Case: Sendable, CustomTestStringConvertible {
        let method: String
        let lines: [PaymentRecord.ReceiptLine]
        var account: (bank: String, number: String, owner: String?)?
        var testDescription: String { method }
    }

    static let cases = [
        Case(method: "카드", lines: [.init("카드", "현대카드 12345678****000*")]),
        Case(method: "간편결제", lines: [.init("간편결제", "토스페이"), .init("카드", "카카오뱅크")]),
        Case(method: "계좌이체", lines: [.init("출금 은행", "신한은행")]),
        Case(method: "가상계좌", lines: [], account: ("우리은행", "X1234567890", nil)),
        Case(method: "무통장입금", lines: [.init("입금 확인", "2026-12-02 10:00 · 입금자 김철수")],
             account: ("신한은행", "110-123-456789", "주식회사 예시")),
    ]

    /// A paid order whose stored payment is `example`'s.
    static func paid(_ shop: PageShop, as example: Case) async throws -> (TestBrowser, String) {
        let (browser, orderId) = try await AdminOrderPageTests.paidOrder(shop)
        var payment = try #require(try await AdminOrderPageTests.payment(shop, orderId))
        payment.method = example.method
        payment.receiptLines = example.lines
        payment.virtualAccountBank = example.account?.bank
        payment.virtualAccountNumber = example.account?.number
        payment.virtualAccountOwner = example.account?.owner
        payment.virtualAccountDueDate = example.account.map { _ in "2026-12-05T23:59:59+09:00" }
        try await shop.shop.write { [payment] db in try PaymentRepository().update(db, payment) }
        return (browser, orderId)
    }

    static func value(_ page: HTMLDocument, in list: String, _ label: String) -> String? {
        page.text("//dl[\(hasClass(list))]/dt[.='\(label)']/following-sibling::dd[1]")
    }

    @Test("the shopper's order page shows the provider's lines, and an account paid into on the bank slip with its holder",
          arguments: cases)
    func shopperPage(_ example: Case) async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paid(shop, as: example)
            let page = try await browser.get("/orders/\(orderId)").page()
            #expect(Self.value(page, in: "payment-info", "결제 수단") == example.method)
            for line in example.lines {
                #expect(Self.value(page, in: "payment-info", line.label) == line.value)
            }
            if let account = example.account {
                #expect(page.text("//dl[\(hasClass("payment-info"))]//span[\(hasClass("account-number"))]") == account.number)
                #expect(Self.value(page, in: "payment-info", "입금 은행") == account.bank)
                #expect(Self.value(page, in: "payment-info", "예금주") == account.owner ?? ShopIdentity.merchantName)
            } else {
                #expect(page.first("//dl[\(hasClass("payment-info"))]/dt[.='계좌번호']") == nil)
            }
            #expect(Self.value(page, in: "payment-info", "실 결제 금액") == "28,800원")
        }
    }

    @Test("the back office's order page shows the same lines, and the account with its holder", arguments: cases)
    func adminPage(_ example: Case) async throws {
        try await withPageShop { shop in
            let (_, orderId) = try await Self.paid(shop, as: example)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let page = try await staff.get("/admin/orders/\(orderId)").page()
            #expect(Self.value(page, in: "payment-record", "결제 방법") == example.method)
            for line in example.lines {
                #expect(Self.value(page, in: "payment-record", line.label) == line.value)
            }
            let account = Self.value(page, in: "payment-record", "입금 계좌")
            if let expected = example.account {
                #expect(account?.hasPrefix("\(expected.bank) \(expected.number) · 예금주 \(expected.owner ?? ShopIdentity.merchantName)") == true)
            } else {
                #expect(account == nil)
            }
        }
    }

    @Test("the cancel step says a refund goes back to where the provider says the money came from")
    func refundDestination() async throws {
        try await withPageShop { shop in
            let (browser, orderId) = try await Self.paid(shop, as: Self.cases[2])
            var payment = try #require(try await AdminOrderPageTests.payment(shop, orderId))
            payment.paidFrom = "신한은행 출금 계좌"
            try await shop.shop.write { [payment] db in try PaymentRepository().update(db, payment) }
            let step = try await browser.get("/orders/\(orderId)/cancel").page()
            #expect(step.text("//span[\(hasClass("refund-means"))]") == "신한은행 출금 계좌")
        }
    }

    @Test("a 무통장입금 order expired at its deadline shows no account to pay into, and nothing paid")
    func expiredBankTransfer() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let (order, browser) = try await PaymentRouteAbuseTests.placedOrder(shop)
            let providers = ProviderPageTests.bankTransfer(shop.shop.database)
            let flow = PaymentFlow(database: shop.shop.database, methods: providers.flatMap(\.methods), providers: providers,
                                   origin: PublicOrigin("http://shop.test"), logger: .discarding)
            #expect(await Reconciler(flow: flow).runOnce(now: Date().addingTimeInterval(73 * 3600)).expired == 1)
            let page = try await browser.get("/orders/\(order.orderId)").page()
            #expect(Self.value(page, in: "payment-info", "결제 수단") == "무통장입금")
            for label in ["계좌번호", "입금하실 금액", "실 결제 금액", "결제 일시"] {
                #expect(page.first("//dl[\(hasClass("payment-info"))]/dt[.='\(label)']") == nil, "\(label)")
            }
        }
    }
}
