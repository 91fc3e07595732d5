import Foundation
import Testing
import TestSupport
@testable import Storefront

/// Issue 19's routes from outside, as an attacker or a careless operator would use them: webhooks for a provider the
/// shop does not have, too large or not JSON; a 10 MB bank statement. Each is refused or acknowledged without
/// changing anything, and the shop keeps answering.
@Suite("Payment routes under abuse", .timeLimit(.minutes(1)))
struct PaymentRouteAbuseTests {
    /// A 무통장입금 order waiting for its deposit.
    static func waitingOrder(_ shop: PageShop) async throws -> Order { try await placedOrder(shop).order }

    /// `waitingOrder`, with the shopper's signed-in browser.
    static func placedOrder(_ shop: PageShop) async throws -> (order: Order, browser: TestBrowser) {
        let browser = try await shop.signedInBrowser()
        _ = try await browser.addToCart(shop.apple, "1")
        let response = try await browser.submit("/checkout", fields: [
            ("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", "banktransfer.account"),
        ] + CheckoutFields.delivery)
        try #require(response.status == 200)
        return (try #require(try await shop.orders().first { $0.status == .waitingForDeposit }), browser)
    }

    /// What a webhook claiming the order paid would say.
    static func claimPaid(_ order: Order) -> [UInt8] {
        Array(#"{"eventType":"PAYMENT_STATUS_CHANGED","data":{"orderId":"\#(order.orderId)","paymentKey":"bt_\#(order.orderId)","status":"DONE","totalAmount":\#(order.totalPrice)}}"#.utf8)
    }

    static func post(_ shop: PageShop, _ path: String, _ body: [UInt8]) async throws -> TestResponse {
        try await shop.browser().request("POST", path, headers: [("Content-Type", "application/json")], body: body)
    }

    @Test("a webhook for a provider the shop does not have is answered 404 and changes nothing")
    func unknownProvider() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await Self.waitingOrder(shop)
            for path in ["/payments/nope/webhook", "/payments/%2e%2e/webhook", "/payments/\(String(repeating: "x", count: 2_000))/webhook"] {
                let response = try await Self.post(shop, path, Self.claimPaid(order))
                #expect(response.status == 404 || response.status == 414, "\(path.prefix(40))")
            }
            #expect(try await shop.status(order.orderId) == .waitingForDeposit)
        }
    }

    @Test("a webhook body that is not JSON, or JSON of the wrong shape, is acknowledged and changes nothing",
          arguments: ["", "{", "null", "[]", "\"DONE\"", #"{"orderId":5}"#, #"{"eventType":"PAYMENT_STATUS_CHANGED","data":[]}"#,
                      String(repeating: "[", count: 100_000), "\u{0}\u{FFFF}"])
    func junkBody(_ body: String) async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await Self.waitingOrder(shop)
            #expect(try await Self.post(shop, "/payments/banktransfer/webhook", Array(body.utf8)).status == 200)
            // Providers this shop does not have (Toss is not configured here).
            for provider in ["toss", "nope"] {
                #expect(try await Self.post(shop, "/payments/\(provider)/webhook", Array(body.utf8)).status == 404)
            }
            #expect(try await shop.status(order.orderId) == .waitingForDeposit)
        }
    }

    @Test("a 10 MB webhook body is refused with 413 before it is read, and the shop keeps answering")
    func hugeWebhook() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await Self.waitingOrder(shop)
            let huge = Self.claimPaid(order) + [UInt8](repeating: 0x20, count: 10 << 20)
            let response = try? await Self.post(shop, "/payments/banktransfer/webhook", huge)
            #expect(response == nil || response?.status == 413)
            #expect(try await shop.status(order.orderId) == .waitingForDeposit)
            #expect(try await Self.post(shop, "/payments/banktransfer/webhook", Array("{}".utf8)).status == 200)
        }
    }

    @Test("a 10 MB bank statement is refused with 413, matches nothing, and the deposits page still opens")
    func hugeStatement() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await Self.waitingOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let action = try #require(try await staff.get("/admin/deposits").page().first("//form[@enctype='multipart/form-data']")?.attribute("action"))
            let rows = String(repeating: "홍길동,\(order.totalPrice)\n", count: 10 << 20 / 16)
            let response = try? await staff.postMultipart(action, files: [("statement", "거래내역.csv", Array("입금자명,입금액\n\(rows)".utf8))])
            #expect(response == nil || response?.status == 413)
            #expect(try await shop.status(order.orderId) == .waitingForDeposit)
            #expect(try await shop.audit(.init(action: .depositMatched)).isEmpty)
            #expect(try await staff.get("/admin/deposits").status == 200)
        }
    }

    @Test("a 입금자명 written as markup (a sender chooses it freely) is shown as text on the shopper's and the back office's order pages")
    func markupDepositor() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let (order, shopper) = try await Self.placedOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            let name = "<img src=x onerror=alert(1)>"
            let matched = try await staff.adminSubmit("/admin/deposits/\(order.orderId)/match",
                                                      fields: [("depositor", name), ("amount", String(order.totalPrice))])
            #expect(matched.status == 200)
            let mine = try await shopper.get("/orders/\(order.orderId)").page()
            #expect(mine.first("//dl[\(hasClass("payment-info"))]//img") == nil)
            #expect(mine.text("//dl[\(hasClass("payment-info"))]/dt[.='입금 확인']/following-sibling::dd[1]")?.hasSuffix("입금자 \(name)") == true)
            let record = try await staff.get("/admin/orders/\(order.orderId)").page()
            #expect(record.xpath("//img[@src='x']").isEmpty)
            #expect(record.text("//dl[\(hasClass("payment-record"))]/dt[.='입금 확인']/following-sibling::dd[1]")?.hasSuffix(name) == true)
        }
    }
}
