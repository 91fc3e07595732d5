import Testing
@testable import Storefront

@Suite("Bank statement CSV")
struct BankStatementTests {
    @Test("deposits are read by their header names, with quoted fields and thousands separators; withdrawals are skipped")
    func readsDeposits() throws {
        let csv = #"""
            거래일시,적요,출금액,입금액,잔액
            2026-12-01 10:00,"홍길동",,"12,900","1,012,900"
            2026-12-01 11:00,관리비,50000,,962900
            "2026-12-01 12:00","김 ""철수""",,25800원,988700
            """#
        let (deposits, unreadable) = try BankStatement.parse(csv)
        #expect(deposits == [BankDeposit(depositor: "홍길동", amount: 12_900, reference: "2026-12-01 10:00", transactedAt: "2026-12-01 10:00"),
                             BankDeposit(depositor: "김 \"철수\"", amount: 25_800, reference: "2026-12-01 12:00", transactedAt: "2026-12-01 12:00")])
        #expect(unreadable.isEmpty)
    }

    @Test("without a time column a deposit is known by its line, and has no transaction time to tell it from another")
    func noTimeColumn() throws {
        let (deposits, _) = try BankStatement.parse("입금자명,입금액\n홍길동,1000\n")
        #expect(deposits == [BankDeposit(depositor: "홍길동", amount: 1_000, reference: "2행", transactedAt: nil)])
    }

    @Test("a row whose amount is not a number is reported by its line, and the rest is read")
    func unreadableRow() throws {
        let (deposits, unreadable) = try BankStatement.parse("입금자명,입금액\n홍길동,abc\n김철수,1000\n")
        #expect(deposits.map(\.depositor) == ["김철수"] && unreadable == [2])
    }

    @Test("an amount written with 원 and thousands separators reads as won; a negative, fractional or absurd one, or an unquoted 1,000원 that splits the row, is reported by its line",
          arguments: [("\"1,000원\"", 1_000), ("1000원", 1_000), ("1,000원", nil), ("-5", nil), ("1.5", nil),
                      ("100000000000000000000", nil), ("10000000001", nil), ("１０００", nil)] as [(String, Int?)])
    func amountSpellings(_ cell: String, _ amount: Int?) throws {
        let (deposits, unreadable) = try BankStatement.parse("입금자명,입금액\n홍길동,\(cell)\n")
        #expect(deposits.map(\.amount) == (amount.map { [$0] } ?? []), "never read as another amount")
        #expect(unreadable == (amount == nil ? [2] : []))
    }

    @Test("a trailing empty cell past the header's columns is no reason to refuse a row")
    func trailingComma() throws {
        let (deposits, unreadable) = try BankStatement.parse("입금자명,입금액\n홍길동,1000,\n")
        #expect(deposits.map(\.amount) == [1_000] && unreadable.isEmpty)
    }

    @Test("a file without a depositor or an amount column is refused in Korean")
    func missingColumns() {
        #expect(throws: BankStatement.ParseError.self) { _ = try BankStatement.parse("이름,금액\n홍길동,1000\n") }
        #expect(throws: BankStatement.ParseError.self) { _ = try BankStatement.parse("거래일시,입금액\n2026-12-01,1000\n") }
    }
}
