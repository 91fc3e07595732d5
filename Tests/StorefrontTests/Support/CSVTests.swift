@testable import Storefront
import Testing

@Suite("CSV: reading uploads and writing exports")
struct CSVTests {
    @Test("a quoted field keeps its commas, doubled quotes and line breaks, and the next record is numbered by the line it starts on")
    func quotedFields() {
        let (records, unclosed) = CSV.records("\u{FEFF}이름,메모\r\n\"김, 철수\",\"말하길 \"\"안녕\"\"\n둘째 줄\"\n\n박영희,끝\n")
        #expect(unclosed == nil)
        #expect(records == [
            .init(line: 1, fields: ["이름", "메모"]),
            .init(line: 2, fields: ["김, 철수", "말하길 \"안녕\"\n둘째 줄"]),
            .init(line: 5, fields: ["박영희", "끝"]),
        ])
    }

    @Test("a quote that never closes is reported at the line it opened on")
    func unclosedQuote() {
        let (records, unclosed) = CSV.records("a,b\n\"c,d\ne,f\n")
        #expect(records.map(\.line) == [1])
        #expect(unclosed == 2)
    }

    @Test("a written line reads back the same fields")
    func roundTrip() {
        let fields = ["주문, 하나", "따옴표 \"", "줄\n바꿈", "평범"]
        #expect(CSV.records(CSV.line(fields)).records.first?.fields == fields)
    }

    @Test("a cell a spreadsheet would run as a formula is written as text", arguments: ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\t=1"])
    func formulaDefused(_ value: String) {
        let cell = CSV.records(CSV.line([value])).records.first?.fields.first
        #expect(cell == "'" + value)
    }

    @Test("numbers are written as numbers, a negative amount included")
    func numbers() {
        #expect(CSV.line([.text("환불"), .number(-3000), .number(12900)]) == "환불,-3000,12900\r\n")
    }
}
