/// One deposit on the shop's bank account: who sent it (입금자명, as the bank prints it) and how much.
public struct BankDeposit: Sendable, Equatable {
    public var depositor: String
    public var amount: Int
    /// The statement's time or row, for the operator's eyes.
    public var reference: String
    /// The transaction time the bank printed, which with the name and the amount tells this deposit from another
    /// (`bank_deposit_claim`); nil for a deposit an operator types or a statement without a time column.
    public var transactedAt: String?

    public init(depositor: String, amount: Int, reference: String = "", transactedAt: String? = nil) {
        self.depositor = depositor
        self.amount = amount
        self.reference = reference
        self.transactedAt = transactedAt
    }
}

/// Reads a bank's transaction CSV export into deposits. Banks differ in column order, so the header row names
/// them: the depositor (`입금자명`, `보낸분`, `적요`, `기재내용`), the amount (`입금액`, `입금`, `맡기신금액`) and,
/// optionally, the time (`거래일시`, `거래일자`). Rows without an amount (withdrawals) are skipped.
///
/// Guarantees: quoted fields (with commas and doubled quotes) read as one; amounts accept thousands separators and
/// 원 and must be 1…10,000,000,000 won; a row with more cells than the header (an unquoted `1,000원`) is never read
/// as another amount; a file without the needed columns, or with more than `maxRows` rows, is refused
/// with a Korean message naming what is wrong; a row that cannot be read is reported by its line number.
public enum BankStatement {
    public static let maxRows = 5_000
    static let depositorHeaders = ["입금자명", "보낸분", "보낸사람", "적요", "기재내용", "의뢰인"]
    static let amountHeaders = ["입금액", "입금", "맡기신금액", "입금금액"]
    static let timeHeaders = ["거래일시", "거래일자", "거래시간", "일시"]

    public enum ParseError: Error, Sendable, Equatable {
        case missingColumns(String)
        case tooManyRows
    }

    /// The deposits, and the line numbers (1-based, the header is line 1) of rows that could not be read.
    public static func parse(_ text: String) throws(ParseError) -> (deposits: [BankDeposit], unreadable: [Int]) {
        let (rows, unclosedQuoteLine) = CSV.records(text)
        guard rows.count <= maxRows + 1 else { throw .tooManyRows }
        guard let headerIndex = rows.firstIndex(where: { row in row.fields.contains { amountHeaders.contains(normalized($0)) } }) else {
            throw .missingColumns("입금액 열을 찾을 수 없습니다. 머리글에 ‘입금액’과 ‘입금자명’이 있는 CSV를 올려 주세요.")
        }
        let header = rows[headerIndex].fields.map(normalized)
        guard let amountColumn = header.firstIndex(where: amountHeaders.contains),
              let depositorColumn = header.firstIndex(where: depositorHeaders.contains) else {
            throw .missingColumns("입금자명 열을 찾을 수 없습니다. 머리글에 ‘입금액’과 ‘입금자명’이 있는 CSV를 올려 주세요.")
        }
        let timeColumn = header.firstIndex(where: timeHeaders.contains)
        var deposits: [BankDeposit] = []
        var unreadable: [Int] = []
        for row in rows.dropFirst(headerIndex + 1) {
            // More cells than the header names: an unquoted "1,000원" split in two, or a name with a comma. Every
            // cell right of the split is shifted, so no column can be trusted: a person reads the row.
            if row.fields.count > header.count, row.fields[header.count...].contains(where: { !$0.isEmpty }) {
                unreadable.append(row.line)
                continue
            }
            let amountText = row.cell(amountColumn).filter { $0 != "," && $0 != "원" }
            if amountText.isEmpty || amountText == "0" { continue }
            guard let amount = Int(amountText), (1...10_000_000_000).contains(amount), !row.cell(depositorColumn).isEmpty else {
                unreadable.append(row.line)
                continue
            }
            let time = timeColumn.map { String(row.cell($0).prefix(40)) }.flatMap { $0.isEmpty ? nil : $0 }
            deposits.append(BankDeposit(depositor: String(row.cell(depositorColumn).prefix(40)), amount: amount,
                                        reference: time ?? "\(row.line)행", transactedAt: time))
        }
        // A quote never closed swallowed the rest of the file: a person must look from that line on.
        if let unclosedQuoteLine { unreadable.append(unclosedQuoteLine) }
        return (deposits, unreadable)
    }

    /// A header cell without spaces, quotes or a byte-order mark.
    static func normalized(_ cell: String) -> String {
        cell.filter { !$0.isWhitespace && $0 != "\u{FEFF}" && $0 != "\"" }
    }
}

import Foundation
