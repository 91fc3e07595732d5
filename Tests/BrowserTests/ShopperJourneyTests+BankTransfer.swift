import Foundation
@testable import Storefront
import Testing
import TestSupport

extension ShopperJourneyTests {
    @Test("무통장입금 opens no window: the receipt shows the shop's account on the same bank slip as a 가상계좌, with the exact amount, and once an operator confirms the deposit in the back office the order shows paid")
    func bankTransfer() async throws {
        try await Journey.run("2-bank-transfer", configure: { $0.payments.methods.append("banktransfer.account") }) { journey in
            try await journey.logIn()
            try await journey.addToCart(productId: journey.live.product.id, quantity: 2)
            try await journey.open("/checkout", as: "checkout")
            try await journey.submitCheckoutForm(method: "banktransfer.account")
            let issued = try await journey.browser.wait { try await journey.browser.findAll("#receipt-heading").first != nil }
            #expect(issued, "the checkout did not answer with the account to pay into")
            try await journey.arrive(at: "bank-transfer-receipt")
            #expect(try await journey.text("#receipt-heading") == "주문이 접수되었습니다")
            func line(_ label: String) async throws -> String {
                try await journey.browser.find(xpath: "//dl[contains(@class,'payment-info')]/dt[.='\(label)']/following-sibling::dd[1]").text()
            }
            #expect(try await journey.text(".payment-info .account-number") == "110-123-456789")
            #expect(try await line("예금주") == "주식회사 예시")
            #expect(try await line("입금하실 금액") == "28,800원")
            #expect(try await !line("입금 기한").isEmpty)
            let order = try #require(try await journey.live.database.read { db in
                try OrderRepository().list(db, status: .waitingForDeposit, updatedBefore: Date.distantFuture)
            }.first)

            // The operator finds the deposit on the bank's screen and confirms it in the back office.
            try await journey.signInToBackOffice()
            try await journey.open("/admin/deposits", as: "admin-deposits")
            try await journey.fill("depositor-\(order.orderId)", "김철수")
            try await journey.fill("amount-\(order.orderId)", "28,800")
            try await journey.press("입금 확인", arrivingAt: "admin-deposit-matched")
            #expect(try await journey.text(".flash") == AdminFlash.depositMatched.message)

            try await journey.open("/orders/\(order.orderId)", as: "bank-transfer-paid")
            #expect(try await journey.text(".order-head .badge") == "결제 완료")
        }
    }
}
