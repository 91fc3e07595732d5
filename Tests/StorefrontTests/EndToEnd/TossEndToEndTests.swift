import Database
import Foundation
import Testing
import TestSupport
import TossSandbox
@testable import Storefront

/// The whole payment flow for each Toss method through the real HTTP server and the sandbox over
/// loopback: checkout, the sandbox window, the success redirect, confirm, the receipt, the tables.
@Suite("Toss end to end", .timeLimit(.minutes(1)))
struct TossEndToEndTests {
    func text(_ response: TestResponse, _ xpath: String) throws -> String? {
        try HTMLDocument(response).first(xpath)?.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("card: the window's approval confirms the order, records the card and shows the receipt", arguments: TestDatabases.engines)
    func cardPayment(engine: DatabaseEngine) async throws {
        try await withLiveShop(engine: engine) { live in
            let shopper = ScriptedShopper(live)
            let (orderId, receipt) = try await shopper.pay(with: "toss.card", quantity: 2)
            #expect(receipt.status == 200)
            #expect(try text(receipt, "//h1[@id='receipt-heading']") == "결제 완료")
            #expect(try text(receipt, "//dd[contains(@class,'amount-paid')]") == "28,800원")  // 25,800원 of goods and the 3,000원 배송비 (below 50,000원)
            #expect(try await live.status(orderId) == .paid)
            let payment = try #require(try await live.payment(orderId))
            #expect(payment.method == "카드")
            #expect(payment.status == .done)
            #expect(payment.totalPrice == 28_800 && payment.totalAmount == 28_800)
            #expect(payment.receiptLines.value("카드") == "신한카드 53275000****123*" && payment.paidFrom == "신한카드 53275000****123*")
            #expect(live.sandbox.status(orderId: orderId) == "DONE")
            #expect(try await live.stock() == 3)
        }
    }

    @Test("the payment page loads the sandbox's SDK, and the CSP allows exactly that origin")
    func paymentPageLoadsSandboxSDK() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await shopper.addToCart()
            let page = try await shopper.checkout(method: "toss.card")
            #expect(page.sdkURL == live.sandbox.sdkURL)
            #expect(page.clientKey.hasPrefix("test_ck_"))
            #expect(!page.requestJSON.contains("test_sk_"))
            let policy = try await shopper.shopBrowser.get("/cart").headers["Content-Security-Policy"] ?? ""
            #expect(policy.contains("script-src 'self' \(live.sandbox.origin)"))
        }
    }

    @Test("transfer: confirmed as 계좌이체 with the bank recorded")
    func transferPayment() async throws {
        try await withLiveShop { live in
            let (orderId, receipt) = try await ScriptedShopper(live).pay(with: "toss.transfer")
            #expect(receipt.status == 200)
            #expect(try await live.status(orderId) == .paid)
            let payment = try #require(try await live.payment(orderId))
            #expect(payment.method == "계좌이체" && payment.receiptLines.value("출금 은행") == "신한은행")
        }
    }

    @Test("TossPay: the instant discount is recorded and the shopper is shown what they actually paid")
    func tossPayDiscount() async throws {
        try await withLiveShop { live in
            let (orderId, receipt) = try await ScriptedShopper(live).pay(with: "toss.tosspay")
            #expect(try await live.status(orderId) == .paid)
            let payment = try #require(try await live.payment(orderId))
            #expect(payment.totalPrice == 15_900)
            #expect(payment.discount == 1_000)
            #expect(payment.totalAmount == 14_900)
            #expect(payment.receiptLines.value("간편결제") == "토스페이")
            #expect(try text(receipt, "//dd[contains(@class,'amount-paid')]") == "14,900원")
        }
    }

    @Test("virtual account: the account is shown, the deposit's webhook marks the order paid, a replay changes nothing",
          arguments: TestDatabases.engines)
    func virtualAccountDeposit(engine: DatabaseEngine) async throws {
        try await withLiveShop(engine: engine) { live in
            let (orderId, receipt) = try await ScriptedShopper(live).pay(with: "toss.virtualAccount")
            #expect(try text(receipt, "//h1[@id='receipt-heading']") == "주문이 접수되었습니다")
            let account = try #require(try text(receipt, "//span[contains(@class,'account-number')]"))
            #expect(account.hasPrefix("X"))
            #expect(try await live.status(orderId) == .waitingForDeposit)

            #expect(await live.sandbox.deposit(orderId: orderId) == .success("DONE"))
            try await eventually { try await live.status(orderId) == .paid }
            #expect(try await live.payment(orderId)?.status == .done)

            // Toss re-sends on doubt; the same callback again changes nothing.
            let before = try await live.shop.count("outbox")
            let secret = try #require(try await live.payment(orderId)?.secret)
            let replay = #"{"createdAt":"2026-01-01T00:00:00.000000","secret":"\#(secret)","status":"DONE","transactionKey":"T","orderId":"\#(orderId)"}"#
            let answer = try await TestHTTPClient.request(port: live.server.port, "POST", "/payments/toss/webhook",
                                                          headers: [("Content-Type", "application/json")], body: Array(replay.utf8))
            #expect(answer.status == 200)
            #expect(try await live.status(orderId) == .paid)
            #expect(try await live.shop.count("outbox") == before)
        }
    }

    @Test("a webhook with the wrong secret is acknowledged and ignored")
    func forgedWebhookIgnored() async throws {
        try await withLiveShop { live in
            let (orderId, _) = try await ScriptedShopper(live).pay(with: "toss.virtualAccount")
            let forged = #"{"createdAt":"2026-01-01T00:00:00.000000","secret":"ps_forged","status":"DONE","transactionKey":"T","orderId":"\#(orderId)"}"#
            let answer = try await TestHTTPClient.request(port: live.server.port, "POST", "/payments/toss/webhook",
                                                          headers: [("Content-Type", "application/json")], body: Array(forged.utf8))
            #expect(answer.status == 200)
            #expect(try await live.status(orderId) == .waitingForDeposit)
        }
    }

    @Test("canceling in the window fails the order, returns the stock and keeps the cart")
    func windowCancel() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (page, key) = try await shopper.openPayment(method: "toss.card", quantity: 2)
            #expect(try await live.stock() == 3)
            let back = try await shopper.choose("cancel", paymentKey: key)
            let failed = try await shopper.visit(back)
            #expect(failed.status == 200)
            #expect(try HTMLDocument(failed).first("//main//h1") != nil)
            #expect(try await live.status(page.orderId) == .failed)
            #expect(try await live.stock() == 5)
            let cart = try HTMLDocument(try await shopper.shopBrowser.get("/cart"))
            #expect(!cart.xpath("//input[@name='quantity'][@value='2']").isEmpty)
            #expect(live.sandbox.callCount("confirm") == 0)
        }
    }

    @Test("a rejected card and an empty balance fail the order with Toss's code", arguments: ["reject", "insufficient"])
    func windowFailures(action: String) async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (page, key) = try await shopper.openPayment(method: "toss.card")
            let back = try await shopper.choose(action, paymentKey: key)
            #expect(back.query?.contains(action == "reject" ? "REJECT_CARD_COMPANY" : "REJECT_CARD_PAYMENT") == true)
            _ = try await shopper.visit(back)
            #expect(try await live.status(page.orderId) == .failed)
            #expect(try await live.stock() == 5)
            #expect(live.sandbox.status(orderId: page.orderId) == "ABORTED")
        }
    }

    @Test("a success redirect with a tampered amount never reaches Toss and fails the order")
    func tamperedAmount() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (page, key) = try await shopper.openPayment(method: "toss.card")
            let back = try await shopper.choose("approve", paymentKey: key)
            let tampered = try #require(URL(string: back.absoluteString.replacingOccurrences(of: "amount=15900", with: "amount=100")))
            _ = try await shopper.visit(tampered)
            #expect(live.sandbox.callCount("confirm") == 0)
            #expect(try await live.status(page.orderId) == .failed)
            #expect(try await live.payment(page.orderId) == nil)
        }
    }

    @Test("two identical success callbacks at once make one confirm call and one payment row, and both show the receipt",
          arguments: TestDatabases.engines)
    func doubleCallback(engine: DatabaseEngine) async throws {
        try await withLiveShop(engine: engine, sandboxSettings: { var s = SandboxConfiguration(); s.tossPayDiscount = 0; return s }()) { live in
            live.sandbox.setFaults(SandboxFaults(confirmDelayMilliseconds: 300))
            let shopper = ScriptedShopper(live)
            let (_, key) = try await shopper.openPayment(method: "toss.card")
            let back = try await shopper.choose("approve", paymentKey: key)
            let cookies = shopper.shopBrowser.cookies
            async let first = Self.visit(back, port: live.server.port, cookies: cookies)
            async let second = Self.visit(back, port: live.server.port, cookies: cookies)
            let answers = try await [first, second]
            for answer in answers { #expect(try text(answer, "//h1[@id='receipt-heading']") == "결제 완료") }
            #expect(live.sandbox.callCount("confirm") == 1)
            #expect(try await live.shop.count("toss_payment") == 1)
        }
    }

    static func visit(_ url: URL, port: Int, cookies: [String: String]) async throws -> TestResponse {
        let browser = TestBrowser(port: port)
        for (name, value) in cookies { browser.setCookie(name, value) }
        return try await browser.get(url.path + "?" + (url.query ?? ""))
    }

    @Test("a refreshed success page shows the receipt instead of failing the order")
    func refreshedSuccessPage() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            let (page, key) = try await shopper.openPayment(method: "toss.card")
            let back = try await shopper.choose("approve", paymentKey: key)
            _ = try await shopper.visit(back)
            let again = try await shopper.visit(back)
            #expect(try text(again, "//h1[@id='receipt-heading']") == "결제 완료")
            #expect(try await live.status(page.orderId) == .paid)
        }
    }
}

/// Polls until `condition` holds or twenty seconds pass (webhooks arrive in the background; the suite shares two cores).
func eventually(_ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now.advanced(by: .seconds(20))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("condition not met within 5 seconds")
}
