import BankTransfer
import Database
import Foundation
import PluginKit
import TestSupport
import Testing
@testable import Storefront

/// A provider's pages over HTTP: 무통장입금 (no window) and a hosted-page provider defined here (a redirect, its own
/// return parameter names, a webhook posted without the shopper's cookies).
@Suite("Payment provider pages over HTTP")
struct ProviderPageTests {
    static func bankTransfer(_ database: any DatabaseWriter) -> [any PaymentProvider] {
        [BankTransfer(account: BankTransferShop.account, ledger: DatabasePaymentLedger(database: database))]
    }

    @Test("checking out by 무통장입금 opens no window: the page shows the shop's account, its holder, the exact amount and the deadline")
    func bankTransferCheckout() async throws {
        try await withPageShop(providers: Self.bankTransfer) { shop in
            let browser = try await shop.signedInBrowser()
            _ = try await browser.addToCart(shop.apple, "2")
            let response = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", "banktransfer.account"),
            ] + CheckoutFields.delivery)
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//h1[@id='receipt-heading']") == "주문이 접수되었습니다")
            let info = "//dl[\(hasClass("payment-info"))]"
            #expect(page.text("\(info)/dt[.='예금주']/following-sibling::dd[1]") == "주식회사 예시")
            #expect(page.text("\(info)//span[\(hasClass("account-number"))]") == "110-123-456789")
            #expect(page.text("\(info)/dt[.='입금하실 금액']/following-sibling::dd[1]") == "28,800원")
            #expect(page.first("\(info)/dt[.='실 결제 금액']") == nil, "nothing is paid before the deposit")
            #expect(page.first("\(info)/dt[.='입금 기한']") != nil)
            #expect(page.first("//script[contains(@src, 'payment.js')]") == nil)
            let orders = try await shop.orders()
            #expect(orders.map(\.status) == [.waitingForDeposit])
        }
    }

    @Test("a hosted-page provider's payment page links to its checkout; its return, read by its own names, pays the order")
    func hostedPageReturn() async throws {
        try await withPageShop(providers: { _ in [HostedPay()] }) { shop in
            let browser = try await shop.signedInBrowser()
            _ = try await browser.addToCart(shop.apple, "1")
            let started = try await browser.submit("/checkout", fields: [
                ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", "hosted.page"),
            ] + CheckoutFields.delivery).page()
            let link = try #require(started.first("//a[@id='pay-link']")?.attribute("href"))
            #expect(link.hasPrefix("https://pay.example/checkout?order="))
            #expect(link.contains("return=http%3A%2F%2F127.0.0.1%3A\(shop.port)%2Fpayments%2Fhosted%2Freturn%2Fsuccess"))
            let orderId = try #require(try await shop.orders().first?.orderId)
            let receipt = try await browser.get("/payments/hosted/return/success?ref=hp_1&order=\(orderId)&total=15900").page()
            #expect(receipt.text("//h1[@id='receipt-heading']") == "결제 완료")
            #expect(try await shop.status(orderId) == .paid)
        }
    }

    @Test("a provider's webhook route takes a POST without the shopper's CSRF token; other POSTs still need it")
    func webhookIsExempt() async throws {
        try await withPageShop(providers: { _ in [HostedPay()] }) { shop in
            let hook = try await TestHTTPClient.request(port: shop.port, "POST", "/payments/hosted/webhook",
                                                        headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
            #expect(hook.status == 200)
            let other = try await TestHTTPClient.request(port: shop.port, "POST", "/cart/items",
                                                         headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("a=1".utf8))
            #expect(other.status == 403)
        }
    }
}

/// A hosted-page provider defined only here: a redirect to its page, `ref`/`order`/`total` on return, and a confirm
/// that approves what it is asked to.
struct HostedPay: PaymentProvider {
    let name = "hosted"
    let displayName = "호스티드페이"
    let methods: [any PaymentMethod] = [HostedPage()]

    func returnParameters(_ query: [String: String], succeeded: Bool) -> PaymentReturn {
        .succeeded(orderId: query["order"] ?? "", paymentKey: query["ref"] ?? "", amount: query["total"] ?? "")
    }

    struct HostedPage: PaymentMethod {
        let id = "hosted.page"
        let displayName = "호스티드 결제"

        func browserStep(for order: PaymentOrder) -> BrowserStep {
            var components = URLComponents(string: "https://pay.example/checkout")
            components?.queryItems = [.init(name: "order", value: order.orderId), .init(name: "return", value: order.successURL)]
            // URLComponents leaves ':' and '/' alone in a query; a return URL is one value, so encode them too.
            let query = components?.queryItems?.map { item in
                "\(item.name)=\(item.value?.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "")"
            }.joined(separator: "&") ?? ""
            return .redirect(url: "https://pay.example/checkout?" + query)
        }

        func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
            PaymentRecord(paymentKey: paymentKey, orderId: orderId, status: .done, method: "호스티드", totalAmount: amount, balanceAmount: amount)
        }

        func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination?,
                    idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
            throw PaymentError(.rejected, code: "NOT_SUPPORTED", message: "not in this test")
        }

        func status(orderId: String) async throws(PaymentError) -> PaymentRecord? { nil }
        func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord? { nil }
    }
}
