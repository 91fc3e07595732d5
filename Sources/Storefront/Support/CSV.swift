/// CSV as Korean spreadsheets and banks write it (RFC 4180: fields split by commas, a quoted field may hold commas,
/// line breaks and doubled quotes), read and written in one place for every upload and export the shop has.
///
/// Guarantees: `records` reads any text without failing (an unclosed quote is reported, not guessed past), drops
/// a UTF-8 byte-order mark and blank lines, and numbers each record by the line it starts on (1-based, as a
/// spreadsheet numbers rows); `line` writes fields that read back the same, and never starts a cell with a
/// character a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR: OWASP's CSV injection advice).
public enum CSV {
    /// One record: the line it starts on and its fields.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        /// The field at `index` with surrounding spaces trimmed, or "" past the end.
        public func cell(_ index: Int) -> String {
            index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
        }
    }

    /// The records of `text`, blank lines left out; `unclosedQuoteLine` is where a quote opened and never closed.
    public static func records(_ text: String) -> (records: [Record], unclosedQuoteLine: Int?) {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        var records: [Record] = []
        var fields: [String] = [], field = "", quoted = false, afterQuote = false
        var line = 1, recordLine = 1
        func endRecord() {
            fields.append(field)
            if !fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []; field = ""; afterQuote = false
            recordLine = line
        }
        for character in text {
            if quoted {
                if character == "\"" { quoted = false; afterQuote = true } else {
                    if character == "\n" || character == "\r\n" || character == "\r" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                // `""` inside a quoted field is one quote; a quote elsewhere opens the field.
                if afterQuote { field.append("\"") }
                quoted = true
                afterQuote = false
            case ",": fields.append(field); field = ""; afterQuote = false
            case "\n", "\r\n", "\r":
                line += 1
                endRecord()
            default: field.append(character); afterQuote = false
            }
        }
        if quoted { return (records, recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (records, nil)
    }

    /// An uploaded file's text, or nil when it is not UTF-8 (a spreadsheet's default CSV here is often CP949):
    /// every CSV upload is read through this and refused with `notUTF8Message`, never guessed at.
    public static func text(_ bytes: [UInt8]) -> String? { String(validating: bytes, as: UTF8.self) }

    /// What an upload that is not UTF-8 is told, naming the save option Excel offers.
    public static let notUTF8Message = "UTF-8로 저장한 CSV 파일만 읽을 수 있습니다. 엑셀에서는 ‘CSV UTF-8(쉼표로 분리)’로 저장해 주세요."

    /// The byte-order mark that makes Excel read a UTF-8 file as UTF-8 (Korean otherwise shows as mojibake).
    public static let byteOrderMark = "\u{FEFF}"

    /// One CSV line (ending in CRLF) of `fields`, each quoted when it needs to be and defused when a spreadsheet
    /// would read it as a formula.
    public static func line(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One line of integers and text, as `line` writes it; numbers are written as they are (a negative amount
    /// stays a number, since it cannot be a formula).
    public static func line(_ fields: [Field]) -> String {
        fields.map { field in
            switch field {
            case .text(let text): cell(text)
            case .number(let number): String(number)
            }
        }.joined(separator: ",") + "\r\n"
    }

    /// A value for `line(_:)`: text (defused and quoted as needed) or an integer written as is.
    public enum Field: Sendable, Equatable {
        case text(String)
        case number(Int)
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
