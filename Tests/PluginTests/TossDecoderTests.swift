import Foundation
import Testing
@testable import TossPayments

/// The Payment object as each Toss API version writes it decodes to the same record (release notes 2022-06-08 and
/// 2022-11-16): a key left on an older version in Toss's developer centre still gets its webhooks in that shape.
@Suite("Toss decoder across API versions")
struct TossDecoderTests {
    @Test("a 2022-07-27 card payment names its card company from card.company")
    func olderCard() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-07-27", method: "카드", #"""
            "card":{"company":"현대","number":"433012******1234","installmentPlanMonths":0,"approveNo":"00000000",
            "cardType":"신용","ownerType":"개인","acquireStatus":"READY"},"transactionKey":"8B4F646A829571D870A3011A4E13D640"
            """#)))
        #expect(record.receiptLines == [.init("카드", "현대카드 433012******1234")])
    }

    @Test("a 2022-07-27 virtual account names its bank from virtualAccount.bank and keeps Toss's numeric code")
    func olderVirtualAccount() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-07-27", method: "가상계좌", #"""
            "virtualAccount":{"accountType":"일반","accountNumber":"X6516000000000","bank":"부산","customerName":"홍길동",
            "dueDate":"2026-12-03T10:00:00+09:00","refundStatus":"NONE","expired":false,"settlementStatus":"INCOMPLETED"}
            """#, status: "WAITING_FOR_DEPOSIT")))
        let account = try #require(record.virtualAccount)
        #expect(account.bankName == "부산은행" && account.bankCode == "32" && account.accountNumber == "X6516000000000")
    }

    @Test("a 2022-07-27 transfer names its bank from transfer.bank")
    func olderTransfer() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-07-27", method: "계좌이체",
                                                                                #""transfer":{"bank":"카카오","settlementStatus":"COMPLETED"}"#)))
        #expect(record.receiptLines == [.init("출금 은행", "카카오뱅크")])
    }

    @Test("a 1.4 easy payment sends easyPay as the provider's name, and the receipt keeps 토스페이")
    func easyPayString() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "1.4", method: "간편결제", #""easyPay":"토스페이""#)))
        #expect(record.receiptLines == [.init("간편결제", "토스페이")] && record.discount == 0 && record.paidAmount == 15_000)
    }

    @Test("a pre-2022-06-08 card-funded easy payment names the provider in card.provider")
    func cardProvider() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "1.4", method: "카드",
                                                                                #""card":{"company":"신한","provider":"토스페이"},"easyPay":null"#)))
        #expect(record.receiptLines == [.init("간편결제", "토스페이"), .init("카드", "신한카드")])
    }

    @Test("a 2022-11-16 payment reads issuerCode over any leftover company, and the easyPay object's provider and discount")
    func currentShape() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "간편결제", #"""
            "card":{"issuerCode":"15","acquirerCode":"31","company":"신한","amount":10000},
            "easyPay":{"provider":"토스페이","amount":0,"discountAmount":5000}
            """#)))
        #expect(record.receiptLines == [.init("간편결제", "토스페이"), .init("카드", "카카오뱅크")] && record.discount == 5_000)
    }

    @Test("the same payment decodes alike in the 2022-07-27 and 2022-11-16 shapes")
    func sameRecordEitherShape() throws {
        let older = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-07-27", method: "카드", #""card":{"company":"국민","number":"1234"}"#)))
        let current = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "카드",
                                                                                 #""card":{"issuerCode":"11","acquirerCode":"11","number":"1234"}"#)))
        var comparable = older
        comparable.rawJSON = current.rawJSON
        #expect(comparable == current && current.receiptLines.value("카드") == "KB국민카드 1234")
    }

    @Test("a card payment's receipt names the card company with Toss's masked number, and refunds go back to that card")
    func cardLines() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "카드",
                                                                                #""card":{"issuerCode":"61","number":"12345678****000*"}"#)))
        #expect(record.receiptLines == [.init("카드", "현대카드 12345678****000*")])
        #expect(record.paidFrom == "현대카드 12345678****000*")
    }

    @Test("a 토스페이 payment from the wallet's balance names 토스페이, and refunds go back to it")
    func tossPayLines() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "간편결제",
                                                                                #""easyPay":{"provider":"토스페이","amount":15000}"#)))
        #expect(record.receiptLines == [.init("간편결제", "토스페이")] && record.paidFrom == "토스페이")
    }

    @Test("a card-funded 토스페이 payment's refund goes back to the card that funded it")
    func tossPayByCard() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "간편결제",
                                                                                #""card":{"issuerCode":"15"},"easyPay":{"provider":"토스페이"}"#)))
        #expect(record.paidFrom == "카카오뱅크")
    }

    @Test("a 계좌이체's receipt names the bank it came from, and refunds go back to that bank's account")
    func transferLines() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "계좌이체",
                                                                                #""transfer":{"bankCode":"88"}"#)))
        #expect(record.receiptLines == [.init("출금 은행", "신한은행")] && record.paidFrom == "신한은행 출금 계좌")
    }

    @Test("a waiting 가상계좌 leaves its account to the deposit slip and adds only that the deposit is matched by amount; once paid, nothing")
    func virtualAccountLines() throws {
        let account = #""virtualAccount":{"accountNumber":"X1234567890","bankCode":"20","customerName":"홍길동","dueDate":"2026-12-03T10:00:00+09:00"}"#
        let waiting = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "가상계좌", account,
                                                                                 status: "WAITING_FOR_DEPOSIT")))
        #expect(waiting.receiptLines == [TossPaymentDecoder.depositNote] && waiting.paidFrom == nil)
        #expect(waiting.virtualAccount?.customerName == "홍길동" && waiting.virtualAccount?.holderName == nil)
        let paid = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "가상계좌", account)))
        #expect(paid.receiptLines.isEmpty)
    }

    @Test("a payment that names no means has no receipt lines and no refund destination")
    func noMeans() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.payment(version: "2022-11-16", method: "카드", #""card":null"#)))
        #expect(record.receiptLines.isEmpty && record.paidFrom == nil)
    }

    static func payment(version: String, method: String, _ fields: String, status: String = "DONE") -> Data {
        Data(#"""
            {"version":"\#(version)","paymentKey":"pk_1","orderId":"order-1","status":"\#(status)","method":"\#(method)",
            "totalAmount":15000,"balanceAmount":15000,"approvedAt":"2026-12-02T10:00:00+09:00",\#(fields)}
            """#.utf8)
    }
}
