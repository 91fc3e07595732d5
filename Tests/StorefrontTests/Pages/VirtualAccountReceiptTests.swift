import Foundation
import Testing
import TestSupport
@testable import Storefront

/// What the receipt of a virtual account says about the names on it: Toss's `virtualAccount.customerName` is the
/// buyer the account was issued to, not the holder a bank app shows, and anyone may deposit (Toss matches the
/// amount, not the depositor's name: its virtual-account guide).
@Suite("Virtual account receipt", .timeLimit(.minutes(1)))
struct VirtualAccountReceiptTests {
    @Test("the receipt labels virtualAccount.customerName as 주문자, never as 예금주, and says the depositor may differ")
    func buyerIsNotTheHolder() async throws {
        try await withPageShop { shop in
            shop.method.state.withLock { $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0) }
            let browser = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(browser, shop.apple)
            let page = try await shop.pay(browser, orderId: orderId).page()
            let info = "//dl[\(hasClass("payment-info"))]"
            #expect(page.first("\(info)/dt[.='예금주']") == nil)
            #expect(page.text("\(info)/dt[.='주문자']/following-sibling::dd[1]") == "홍길동 (가상계좌를 발급받은 분)")
            #expect(page.text("\(info)/dt[.='입금자명']/following-sibling::dd[1]")?.contains("주문자와 달라도 됩니다") == true)
        }
    }
}
