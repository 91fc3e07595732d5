import Foundation
import Testing
import TestSupport
@testable import TossPayments

/// Replays the Toss fuzz target's kept inputs (Tests/Fuzz): what Toss sends decodes or is refused, never a crash.
@Suite("Fuzz inputs kept for the Toss decoder")
struct TossFuzzRegressionTests {
    @Test("every kept Toss body decodes to a payment or to nothing", arguments: FuzzInputs.of("toss-webhook"))
    func tossInput(_ input: FuzzInputs.Input) {
        if let record = TossPaymentDecoder.record(from: Data(input.bytes)) {
            #expect((0...TossPaymentDecoder.maxAmount).contains(record.totalAmount))
            _ = record.paidAmount
        }
    }

    @Test("amounts outside what a payment can be read as 0, so no sum over them overflows",
          arguments: ["-9223372036854775808", "9223372036854775807", "-1", "1e300", "12.5", "\"99999999999999999999\""])
    func absurdAmount(_ amount: String) throws {
        let body = #"{"paymentKey":"k","orderId":"order-1","status":"DONE","totalAmount":"# + amount
            + #","balanceAmount":"# + amount + #","easyPay":{"discountAmount":"# + amount + "}}"
        let record = try #require(TossPaymentDecoder.record(from: Data(body.utf8)))
        #expect(record.totalAmount == 0 && record.balanceAmount == 0 && record.discount == 0 && record.paidAmount == 0)
    }
}
