import BankTransfer
import Database
import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Back office: matching 무통장입금 deposits")
struct AdminDepositPageTests {
    /// A 무통장입금 order for `customerName`, waiting for its deposit, placed through the checkout page.
    private func waitingOrder(_ shop: PageShop, customerName: String = "홍길동", shopper: String = "shopper") async throws -> Order {
        try await placedOrder(shop, customerName: customerName, shopper: shopper).order
    }

    /// `waitingOrder`, with the shopper's signed-in browser.
    private func placedOrder(_ shop: PageShop, customerName: String = "홍길동", shopper: String = "shopper") async throws -> (order: Order, browser: TestBrowser) {
        let browser = try await shop.signedInBrowser(shopper)
        _ = try await browser.addToCart(shop.apple, "1")
        let response = try await browser.submit("/checkout", fields: [
            ("customer_name", customerName), ("customer_phone", "01012345678"), ("method", "banktransfer.account"),
        ] + CheckoutFields.delivery)
        try #require(response.status == 200)
        return (try #require(try await shop.orders(shopper).first { $0.status == .waitingForDeposit }), browser)
    }

    /// Posts the statement form as a browser sends it: multipart, the CSRF token in the action's query.
    private func uploadStatement(_ browser: TestBrowser, _ csv: String) async throws -> TestResponse {
        try await uploadRaw(browser, Array(csv.utf8), filename: "거래내역.csv")
    }

    @Test("an operator types the deposit's name and amount: the order becomes paid and the audit log names who matched it")
    func matchOne() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await waitingOrder(shop)
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let list = try await browser.get("/admin/deposits").page()
            #expect(list.text("//tr[@id='deposit-\(order.orderId)']/td[3]") == "15,900원")
            let response = try await browser.adminSubmit("/admin/deposits/\(order.orderId)/match",
                                                         fields: [("depositor", "홍길동"), ("amount", "15,900원")])
            #expect(response.status == 200)
            #expect(try response.page().text("//div[\(hasClass("flash"))]") == AdminFlash.depositMatched.message)
            #expect(try await shop.status(order.orderId) == .paid)
            let entry = try #require(try await shop.audit(.init(action: .depositMatched)).first)
            #expect(entry.entry.staffId == "op1" && entry.entry.target == "order:\(order.orderId)")
            #expect(entry.entry.after == "입금자 홍길동 · 15,900원 · 직접 확인")
        }
    }

    @Test("a second click on 입금 확인 after the order is paid says why at the top and pays nothing twice")
    func doubleClick() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await waitingOrder(shop)
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let fields = [("depositor", "홍길동"), ("amount", "15900")]
            _ = try await browser.adminSubmit("/admin/deposits/\(order.orderId)/match", fields: fields)
            let again = try await browser.adminSubmit("/admin/deposits/\(order.orderId)/match", fields: fields)
            #expect(again.status == 409)
            #expect(try again.page().text("//div[\(hasClass("page-error"))]")?.hasPrefix("입금을 기다리는 무통장입금 주문이 아닙니다.") == true)
            #expect(try await shop.audit(.init(action: .depositMatched)).count == 1)
        }
    }

    @Test("a deposit of another amount is refused on its row, the order keeps waiting and nothing is audited")
    func wrongAmount() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await waitingOrder(shop)
            let browser = try await shop.staffBrowser("op1", role: .operator)
            for amount in ["15000", "abc", "-15900", String(repeating: "9", count: 5_000)] {
                let response = try await browser.adminSubmit("/admin/deposits/\(order.orderId)/match",
                                                             fields: [("depositor", "홍길동"), ("amount", amount)])
                #expect(response.status == 422, "amount \(amount.prefix(20))")
                #expect(try response.page().first("//p[@id='amount-\(order.orderId)-error']") != nil)
            }
            #expect(try await shop.status(order.orderId) == .waitingForDeposit)
            #expect(try await shop.audit(.init(action: .depositMatched)).isEmpty)
        }
    }

    @Test("a bank statement pays the order its row fits alone; a row fitting two orders offers both, and picking one pays only it")
    func statement() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let kim = try await waitingOrder(shop, customerName: "김철수", shopper: "kimcs")
            let twinA = try await waitingOrder(shop, customerName: "홍길동", shopper: "hong1")
            let twinB = try await waitingOrder(shop, customerName: "홍길동", shopper: "hong2")
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let csv = "\u{FEFF}거래일시,적요,입금액,출금액\n2026-12-02 10:00,김철수,\"15,900\",\n2026-12-02 10:05,홍길동,15900,\n2026-12-02 11:00,관리비,,50000\n"
            let response = try await uploadStatement(browser, csv)
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//p[@id='statement-summary']") == "거래내역.csv: 자동 확인 1건, 직접 확인할 행 1건")
            let picks = page.xpath("//form[\(hasClass("pick-deposit"))]").compactMap { $0.attribute("action") }
            #expect(Set(picks) == ["/admin/deposits/\(twinA.orderId)/match", "/admin/deposits/\(twinB.orderId)/match"])
            #expect(page.xpath("//form[\(hasClass("pick-deposit"))]//input[@name='transacted_at']").compactMap { $0.attribute("value") }
                == ["2026-12-02 10:05", "2026-12-02 10:05"])
            #expect(try await shop.status(kim.orderId) == .paid)
            let pick = [("depositor", "홍길동"), ("amount", "15900"), ("transacted_at", "2026-12-02 10:05")]
            _ = try await browser.adminSubmit("/admin/deposits/\(twinB.orderId)/match", fields: pick)
            #expect(try await shop.status(twinB.orderId) == .paid)
            // Back on the statement page, the other pick of the same row is refused: one deposit pays one order.
            let again = try await browser.adminSubmit("/admin/deposits/\(twinA.orderId)/match", fields: pick)
            #expect(again.status == 409)
            #expect(try again.page().text("//p[@id='amount-\(twinA.orderId)-error']")
                == BankDeposits.claimed(by: twinB.orderId))
            #expect(try await shop.status(twinA.orderId) == .waitingForDeposit)
            #expect(try await shop.audit(.init(action: .depositMatched)).count == 2)
        }
    }

    @Test("a file that is not a bank statement, or not UTF-8, is refused with what to do and pays nothing",
          arguments: [Array("이름,메모\n홍길동,안녕\n".utf8), [0xC8, 0xAB, 0xB1, 0xE6, 0xB5, 0xBF, 0x2C, 0x31, 0x0A]])
    func badFile(_ bytes: [UInt8]) async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let order = try await waitingOrder(shop)
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let raw = try await uploadRaw(browser, bytes)
            #expect(raw.status == 422)
            #expect(try raw.page().first("//div[\(hasClass("flash-error"))]") != nil)
            #expect(try await shop.status(order.orderId) == .waitingForDeposit)
        }
    }

    /// Uploads `bytes` as the statement file exactly as given.
    private func uploadRaw(_ browser: TestBrowser, _ bytes: [UInt8], filename: String = "a.csv") async throws -> TestResponse {
        let page = try await browser.get("/admin/deposits").page()
        let action = try #require(page.first("//form[@enctype='multipart/form-data']")?.attribute("action"))
        let body = Array("--Bank\r\nContent-Disposition: form-data; name=\"statement\"; filename=\"\(filename)\"\r\n\r\n".utf8)
            + bytes + Array("\r\n--Bank--\r\n".utf8)
        return try await browser.request("POST", action, headers: [("Content-Type", "multipart/form-data; boundary=Bank")], body: body)
    }

    @Test("a deposited order the shopper cancels is listed with the account to transfer to; recording the transfer masks the account and audits it")
    func refundTransfer() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let (order, shopper) = try await placedOrder(shop)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            _ = try await staff.adminSubmit("/admin/deposits/\(order.orderId)/match", fields: [("depositor", "홍길동"), ("amount", "15900")])
            let canceled = try await shopper.submit("/orders/\(order.orderId)/cancel", fields: [
                (RefundAccountInput.bankField, "088"), (RefundAccountInput.numberField, "110-987-654321"),
                (RefundAccountInput.holderField, "홍길동"),
            ])
            #expect(canceled.status == 200)
            #expect(try await shop.status(order.orderId) == .canceled)

            let row = "//tr[@id='refund-\(order.orderId)-0']"
            let list = try await staff.get("/admin/deposits").page()
            #expect(list.text("\(row)/td[2]") == "15,900원")
            #expect(list.text("\(row)//span[\(hasClass("account-number"))]") == "110987654321")
            let sent = try await staff.adminSubmit("/admin/deposits/\(order.orderId)/refunds/0/transferred", fields: [])
            #expect(try sent.page().text("//div[\(hasClass("flash"))]") == AdminFlash.refundTransferred.message)
            #expect(try sent.page().first(row) == nil)
            let entry = try #require(try await shop.audit(.init(action: .refundTransferred)).first)
            #expect(entry.entry.after == "15,900원 → 088 110*****4321")
            let stored = try await shop.shop.read { db in
                try db.query("SELECT value FROM payment_ledger", []) { row throws(DatabaseError) in try row.string("value") }
            }
            #expect(!stored.contains { $0.contains("110987654321") })

            let again = try await staff.adminSubmit("/admin/deposits/\(order.orderId)/refunds/0/transferred", fields: [])
            #expect(again.status == 409)
            #expect(try again.page().text("//section[@aria-labelledby='owed-heading']//div[@role='alert']") == BankDeposits.alreadyTransferred)
        }
    }

    @Test("an upload without the back office's CSRF token in its action is refused before its body is read")
    func uploadNeedsToken() async throws {
        try await withPageShop(providers: ProviderPageTests.bankTransfer) { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let body = Array("--Bank\r\nContent-Disposition: form-data; name=\"statement\"; filename=\"a.csv\"\r\n\r\n입금자명,입금액\n\r\n--Bank--\r\n".utf8)
            let response = try await browser.request("POST", "/admin/deposits/statement", headers: [("Content-Type", "multipart/form-data; boundary=Bank")], body: body)
            #expect(response.status == 403)
        }
    }
}
