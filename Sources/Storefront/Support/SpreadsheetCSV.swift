/// CSV for people who open it in a spreadsheet (Excel, 한셀, Numbers): RFC 4180 quoting, CRLF line ends, a UTF-8
/// byte-order mark first so Excel reads Korean as UTF-8.
///
/// Guarantee: no cell is read as a formula (CSV injection): a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, which spreadsheets show as text. Numbers are written by `number`, which
/// never needs that.
enum SpreadsheetCSV {
    static let byteOrderMark = "\u{FEFF}"

    /// One text cell, defused and quoted when it holds a comma, quote or line break.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An integer cell (amounts in 원, counts): plain digits, a minus for negatives, never defused.
    static func number(_ value: Int) -> String { String(value) }

    /// One line: the cells joined by commas, ended by CRLF.
    static func row(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}
