import Logging
import Testing
import TestSupport
@testable import Storefront

@Suite("payment log lines")
struct PaymentLogTests {
    @Test("a newline in the success callback's amount cannot forge a log line")
    func newlineInAmount() async throws {
        let log = try LogFile()
        try await withPaymentShop(logger: log.logger) { s in
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "1\nevent=order_paid")
            let lines = log.lines()
            // The refused amount is one line, and so is the failed order that follows it.
            #expect(lines.count == 2)
            #expect(lines.first?.contains(" event=payment_amount_mismatch level=warning order_id=\(order.orderId) "
                                          + "claimed=\"1\\nevent=order_paid\" stored=12900") == true)
            #expect(lines.allSatisfy { !$0.hasPrefix("event=") })
        }
    }
}
