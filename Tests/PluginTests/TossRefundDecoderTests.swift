import Foundation
import Testing
@testable import TossPayments

/// What a Toss refund returned to each means: `cancels[].cancelAmount` is the whole of each cancel and
/// `cancels[].easyPayDiscountAmount` the part of it that went back as points (토스포인트, its easy-pay response
/// guide: `easyPay.discountAmount` is what the points paid).
@Suite("Toss decoder: refunds by means")
struct TossRefundDecoderTests {
    static func payment(status: String, balance: Int, cancels: String) -> Data {
        Data(#"""
            {"version":"2022-11-16","paymentKey":"pk_1","orderId":"order-1","status":"\#(status)","method":"간편결제",
            "totalAmount":15000,"balanceAmount":\#(balance),"approvedAt":"2026-12-02T10:00:00+09:00",
            "card":{"issuerCode":"41","acquirerCode":"41","number":"53275000****123*","amount":10000},
            "easyPay":{"provider":"토스페이","amount":0,"discountAmount":5000},"cancels":\#(cancels)}
            """#.utf8)
    }

    @Test("a partial cancel's amount is refunded, none of it as points")
    func partialCancel() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(status: "PARTIAL_CANCELED", balance: 12_000, cancels: #"""
            [{"cancelAmount":3000,"easyPayDiscountAmount":0,"refundableAmount":12000,"cancelStatus":"DONE"}]
            """#)))
        #expect(record.discount == 5_000 && record.paidAmount == 10_000)
        #expect(record.refundedAmount == 3_000 && record.pointsRefunded == 0)
    }

    @Test("a full cancel refunds the whole total, the points' part as points")
    func fullCancel() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(status: "CANCELED", balance: 0, cancels: #"""
            [{"cancelAmount":15000,"easyPayDiscountAmount":5000,"refundableAmount":0,"cancelStatus":"DONE"}]
            """#)))
        #expect(record.refundedAmount == 15_000 && record.pointsRefunded == 5_000)
    }

    @Test("cancels add up, and a cancel not yet DONE has returned nothing")
    func cancelsAddUp() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(status: "PARTIAL_CANCELED", balance: 0, cancels: #"""
            [{"cancelAmount":3000,"easyPayDiscountAmount":0,"cancelStatus":"DONE"},
             {"cancelAmount":12000,"easyPayDiscountAmount":5000,"cancelStatus":"DONE"},
             {"cancelAmount":500,"easyPayDiscountAmount":500,"cancelStatus":"IN_PROGRESS"}]
            """#)))
        #expect(record.refundedAmount == 15_000 && record.pointsRefunded == 5_000)
    }

    @Test("points refunded never exceed what was refunded, whatever the body says")
    func pointsBounded() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(status: "PARTIAL_CANCELED", balance: 14_000, cancels: #"""
            [{"cancelAmount":1000,"easyPayDiscountAmount":9000000000000000000,"cancelStatus":"DONE"},
             {"cancelAmount":-5,"easyPayDiscountAmount":2000,"cancelStatus":"DONE"}]
            """#)))
        #expect(record.refundedAmount == 1_000 && record.pointsRefunded == 1_000)
    }
}
