import Foundation
import Testing
@testable import Storefront

@Suite("The products CSV file")
struct ProductCSVTests {
    static let header = ProductCSV.columns.map(\.header).joined(separator: ",")

    static func file(_ lines: String...) -> String { ([header] + lines).joined(separator: "\r\n") + "\r\n" }

    static func problems(_ text: String, maxRows: Int = 100) -> [String] {
        guard case .failure(let problems) = ProductCSV.rows(text, maxRows: maxRows) else { return [] }
        return problems.map(\.description)
    }

    @Test("an export line defuses a formula-looking name, and importing it reads the name back as it was")
    func roundTrip() throws {
        let product = Product(id: 7, name: "=HYPERLINK(\"x\")", price: 1_500, category: "식품", country: "대한민국",
                              manufacturer: "-마이너스", quantity: 3, description: "두 줄\n설명", image: "")
        let line = ProductCSV.line(product, hidden: true)
        #expect(line.hasPrefix("7,\"'=HYPERLINK(\"\"x\"\")\",1500,"))
        #expect(ProductCSV.header.hasPrefix("\u{FEFF}상품번호,상품명"))
        guard case .success(let rows) = ProductCSV.rows(ProductCSV.header + line, maxRows: 10) else {
            Issue.record("the exported line was refused")
            return
        }
        #expect(rows.first?.id == 7)
        #expect(rows.first?.draft == ProductDraft(name: "=HYPERLINK(\"x\")", price: 1_500, category: "식품", country: "대한민국",
                                                  manufacturer: "-마이너스", description: "두 줄\n설명", hidden: true))
        #expect(rows.first?.quantity == 3)
    }

    @Test("every bad cell is named by its spreadsheet row (blank lines counted) and column header in Korean, and the whole file is refused")
    func badCells() {
        let text = Self.file("", ",사과,12900,식품,대한민국,한빛농원,10,판매중,", ",배,비쌈,식품,대한민국,한빛농원,10,판매중,",
                             "abc,감,1000,식품,대한민국,한빛농원,-1,보류,")
        #expect(Self.problems(text) == [
            "4행 가격: " + ProductRules.priceMessage,
            "5행 상품번호: " + ProductCSV.idMessage,
        ])
        let states = Self.problems(Self.file(",감,1000,식품,대한민국,한빛농원,-1,보류,"))
        #expect(states == ["2행 재고: " + ProductRules.quantityMessage, "2행 판매 상태: " + ProductRules.visibilityMessage])
    }

    @Test("a file without the header row, with a short row, a repeated id or over the row limit is refused")
    func fileProblems() {
        #expect(Self.problems("상품명,가격\r\n사과,100\r\n").first?.hasPrefix("1행 제목 행: ") == true)
        #expect(Self.problems(Self.file("1,사과,100")) == ["2행 전체: " + ProductCSV.columnCountMessage])
        #expect(Self.problems(Self.file("1,사과,100,식품,대한민국,농원,1,판매중,", "1,사과,100,식품,대한민국,농원,1,판매중,"))
            == ["3행 상품번호: " + ProductCSV.repeatedIdMessage])
        #expect(Self.problems(Self.file(",사과,100,식품,대한민국,농원,1,판매중,", ",배,100,식품,대한민국,농원,1,판매중,"), maxRows: 1)
            == [ProductCSV.tooManyRowsMessage(1)])
        #expect(Self.problems(Self.header + "\r\n") == [ProductCSV.emptyMessage])
        #expect(Self.problems(Self.file(",\"사과,100,식품,대한민국,농원,1,판매중,")).first?.hasSuffix(ProductCSV.unclosedQuoteMessage) == true)
    }
}
