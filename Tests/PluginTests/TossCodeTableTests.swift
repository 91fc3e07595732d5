import Foundation
import Testing
@testable import TossPayments

/// Toss's code reference (docs.tosspayments.com/codes/org-codes), row by row: what a receipt shows for each code
/// Toss can send, under 2022-11-16 (numeric) and under older versions (Korean). The expected rows are written
/// out here, apart from the plugin's table, so a row dropped or mistyped there fails its own test.
@Suite("Toss bank and card codes")
struct TossCodeTableTests {
    /// (numeric code, Korean code of versions before 2022-11-16, name on the receipt)
    static let banks: [(String, String?, String)] = [
        ("39", "경남", "경남은행"), ("34", "광주", "광주은행"), ("12", "단위농협", "단위농협(지역농축협)"), ("32", "부산", "부산은행"),
        ("45", "새마을", "새마을금고"), ("64", "산림", "산림조합"), ("88", "신한", "신한은행"), ("48", "신협", "신협"),
        ("27", "씨티", "씨티은행"), ("20", "우리", "우리은행"), ("71", "우체국", "우체국예금보험"), ("50", "저축", "저축은행중앙회"),
        ("37", "전북", "전북은행"), ("35", "제주", "제주은행"), ("90", "카카오", "카카오뱅크"), ("89", "케이", "케이뱅크"),
        ("92", "토스", "토스뱅크"), ("81", "하나", "하나은행"), ("54", nil, "홍콩상하이은행"), ("31", "대구", "DGB대구은행"),
        ("03", "기업", "IBK기업은행"), ("06", "국민", "KB국민은행"), ("02", "산업", "KDB산업은행"), ("11", "농협", "NH농협은행"),
        ("23", "SC제일", "SC제일은행"), ("07", "수협", "Sh수협은행"),
        ("S8", "교보증권", "교보증권"), ("SE", "대신증권", "대신증권"), ("SK", "메리츠증권", "메리츠증권"), ("S5", "미래에셋증권", "미래에셋증권"),
        ("SM", "부국", "부국증권"), ("S3", "삼성증권", "삼성증권"), ("SN", "신영증권", "신영증권"), ("S2", "신한금융투자", "신한금융투자"),
        ("S0", "유안타증권", "유안타증권"), ("SJ", "유진투자증권", "유진투자증권"), ("SQ", "카카오페이증권", "카카오페이증권"),
        ("SB", "키움증권", "키움증권"), ("ST", "토스증권", "토스증권"), ("SR", "펀드온라인코리아", "펀드온라인코리아"),
        ("SH", "하나금융투자", "하나금융투자"), ("S9", "하이투자증권", "하이투자증권"), ("S6", "한국투자증권", "한국투자증권"),
        ("SG", "한화투자증권", "한화투자증권"), ("SA", "현대차증권", "현대차증권"), ("SI", "DB금융투자", "DB금융투자"), ("S4", "KB증권", "KB증권"),
        ("SP", "KTB투자증권", "KTB투자증권"), ("SO", "LIG투자", "LIG투자증권"), ("SL", "NH투자증권", "NH투자증권"), ("SD", "SK증권", "SK증권"),
    ]

    /// (issuer/acquirer code, Korean `card.company` of versions before 2022-11-16, name on the receipt)
    static let cards: [(String, String, String)] = [
        ("3K", "기업비씨", "기업BC"), ("46", "광주", "광주은행"), ("71", "롯데", "롯데카드"), ("30", "산업", "KDB산업은행"),
        ("31", "비씨", "BC카드"), ("51", "삼성", "삼성카드"), ("38", "새마을", "새마을금고"), ("41", "신한", "신한카드"),
        ("62", "신협", "신협"), ("36", "씨티", "씨티카드"), ("33", "우리", "우리BC카드"), ("W1", "우리", "우리카드"),
        ("37", "우체국", "우체국예금보험"), ("39", "저축", "저축은행중앙회"), ("35", "전북", "전북은행"), ("42", "제주", "제주은행"),
        ("15", "카카오뱅크", "카카오뱅크"), ("3A", "케이뱅크", "케이뱅크"), ("24", "토스뱅크", "토스뱅크"), ("21", "하나", "하나카드"),
        ("61", "현대", "현대카드"), ("11", "국민", "KB국민카드"), ("91", "농협", "NH농협카드"), ("34", "수협", "Sh수협은행"),
        ("6D", "다이너스", "다이너스클럽"), ("4M", "마스터", "마스터카드"), ("3C", "유니온페이", "유니온페이"),
        ("7A", "아멕스", "아메리칸익스프레스"), ("4J", "JCB", "JCB"), ("4V", "비자", "VISA"),
    ]

    @Test("a virtual account at each bank and securities firm shows the institution's name, under any API version",
          arguments: banks)
    func bank(_ code: String, _ korean: String?, _ name: String) throws {
        let current = try #require(TossPaymentDecoder.record(from: Self.body(#""virtualAccount":{"accountNumber":"X1","bankCode":"\#(code)"}"#)))
        #expect(current.virtualAccount?.bankName == name && current.virtualAccount?.bankCode == code)
        let transfer = try #require(TossPaymentDecoder.record(from: Self.body(#""transfer":{"bankCode":"\#(code)"}"#)))
        #expect(transfer.receiptLines.value("출금 은행") == name)
        if let korean {
            let older = try #require(TossPaymentDecoder.record(from: Self.body(#""virtualAccount":{"accountNumber":"X1","bank":"\#(korean)"}"#)))
            #expect(older.virtualAccount?.bankName == name && older.virtualAccount?.bankCode == code)
        }
    }

    @Test("a card of each issuer, domestic and foreign, shows the card company's name, under any API version",
          arguments: cards)
    func card(_ code: String, _ korean: String, _ name: String) throws {
        let current = try #require(TossPaymentDecoder.record(from: Self.body(#""card":{"issuerCode":"\#(code)","acquirerCode":"31"}"#)))
        #expect(current.receiptLines.value("카드") == name)
        #expect(TossCodes.card(code)?.name == name, "the same table reads acquirer codes")
        // Two rows were "우리" before 2022-11-16; an old body names 우리카드, the card 우리 issues today.
        let older = try #require(TossPaymentDecoder.record(from: Self.body(#""card":{"company":"\#(korean)"}"#)))
        #expect(older.receiptLines.value("카드") == (korean == "우리" ? "우리카드" : name))
    }

    @Test("the tables hold every row of Toss's reference once: 26 banks, 25 securities firms, 24 domestic and 6 foreign cards")
    func tableSizes() {
        #expect(TossCodes.bankTable.filter { $0.kind == .bank }.count == 26)
        #expect(TossCodes.bankTable.filter { $0.kind == .securities }.count == 25)
        #expect(TossCodes.cardTable.filter { $0.kind == .domesticCard }.count == 24)
        #expect(TossCodes.cardTable.filter { $0.kind == .foreignCard }.count == 6)
        #expect(Set(TossCodes.bankTable.map(\.code)).count == TossCodes.bankTable.count)
        #expect(Set(TossCodes.cardTable.map(\.code)).count == TossCodes.cardTable.count)
    }

    @Test("a code Toss adds later is shown as sent rather than dropped")
    func unknownCode() throws {
        let record = try #require(TossPaymentDecoder.record(from: Self.body(#""card":{"issuerCode":"ZZ"},"transfer":{"bankCode":"Q9"}"#)))
        #expect(record.receiptLines.value("카드") == "ZZ" && record.receiptLines.value("출금 은행") == "Q9")
    }

    static func body(_ fields: String) -> Data {
        Data(#"{"paymentKey":"k","orderId":"order-1","status":"DONE","totalAmount":15000,"balanceAmount":15000,\#(fields)}"#.utf8)
    }
}
