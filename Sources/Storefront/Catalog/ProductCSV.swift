import Database
import Foundation

/// The products CSV the back office exports and imports: one header row of Korean column names, then one product a
/// row. An export opens in Excel (UTF-8 with a byte-order mark) and reads back unchanged: the `'` that `CSV.line`
/// puts before a formula-looking cell is taken off again on import.
public enum ProductCSV {
    /// The columns in order: the header text and the product form field each one fills (the id has none).
    public static let columns: [(header: String, field: String?)] = [
        ("상품번호", nil), ("상품명", ProductRules.nameField), ("가격", ProductRules.priceField),
        ("분류", ProductRules.categoryField), ("원산지", ProductRules.countryField), ("제조사", ProductRules.manufacturerField),
        ("재고", ProductRules.quantityField), ("판매 상태", ProductRules.visibilityField), ("설명", ProductRules.descriptionField),
    ]

    static let onSaleText = "판매중"
    static let hiddenText = "숨김"

    /// The header line, after the byte-order mark.
    public static var header: String { CSV.byteOrderMark + CSV.line(columns.map(\.header)) }

    /// One product's line.
    public static func line(_ p: Product, hidden: Bool) -> String {
        CSV.line([.number(p.id), .text(p.name), .number(p.price), .text(p.category), .text(p.country),
                  .text(p.manufacturer), .number(p.quantity), .text(hidden ? hiddenText : onSaleText), .text(p.description)])
    }

    /// One row of an import, checked: the product it names (nil for a new one) and what it should be.
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let id: Int?
        public let draft: ProductDraft
        public let quantity: Int
    }

    /// A checked value, or every problem that refuses it.
    public enum Outcome<Value: Sendable>: Sendable {
        case success(Value)
        case failure([Problem])
    }

    /// A problem with one cell (or the whole row, or the file: row 0) of an import, said in Korean.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let row: Int
        public let column: String
        public let message: String

        public var description: String { row == 0 ? message : "\(row)행 \(column): \(message)" }
    }

    static let headerMessage = "첫 행은 내보내기 파일의 제목 행이어야 합니다: " + columns.map(\.header).joined(separator: ", ")
    static let columnCountMessage = "열이 \(columns.count)개여야 합니다."
    static let idMessage = "상품번호는 비워 두거나(새 상품) 숫자로 적어 주세요."
    static let repeatedIdMessage = "같은 상품번호가 파일에 두 번 있습니다."
    static let emptyMessage = "상품 행이 없습니다."
    static let unclosedQuoteMessage = "따옴표(\")가 닫히지 않았습니다."
    static func tooManyRowsMessage(_ max: Int) -> String { "상품 행은 한 번에 \(max)행까지 가져올 수 있습니다." }

    /// Reads `text` into checked rows, or every problem found (the whole file is refused on any).
    public static func rows(_ text: String, maxRows: Int) -> Outcome<[Row]> {
        let (records, unclosed) = CSV.records(text)
        if let unclosed { return .failure([Problem(row: unclosed, column: "전체", message: unclosedQuoteMessage)]) }
        guard let head = records.first, head.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == columns.map(\.header) else {
            return .failure([Problem(row: records.first?.line ?? 1, column: "제목 행", message: headerMessage)])
        }
        let body = records.dropFirst()
        guard !body.isEmpty else { return .failure([Problem(row: 0, column: "", message: emptyMessage)]) }
        guard body.count <= maxRows else { return .failure([Problem(row: 0, column: "", message: tooManyRowsMessage(maxRows))]) }
        var rows: [Row] = [], problems: [Problem] = [], seen: Set<Int> = []
        for record in body {
            guard record.fields.count == columns.count else {
                problems.append(Problem(row: record.line, column: "전체", message: columnCountMessage))
                continue
            }
            var id: Int?
            let idText = record.cell(0)
            if !idText.isEmpty {
                guard let number = FormNumber.identifier(idText) else {
                    problems.append(Problem(row: record.line, column: columns[0].header, message: idMessage))
                    continue
                }
                guard seen.insert(number).inserted else {
                    problems.append(Problem(row: record.line, column: columns[0].header, message: repeatedIdMessage))
                    continue
                }
                id = number
            }
            var values: [String: String] = [:]
            for (index, column) in columns.enumerated() {
                guard let field = column.field else { continue }
                values[field] = undefused(field == ProductRules.descriptionField ? record.fields[index] : record.cell(index))
            }
            values[ProductRules.visibilityField] = switch values[ProductRules.visibilityField] {
            case onSaleText: ProductRules.onSale
            case hiddenText: ProductRules.hidden
            case let other: other ?? ""
            }
            do {
                let (draft, quantity) = try ProductRules.draft(ProductForm { values[$0] }, withQuantity: true)
                rows.append(Row(line: record.line, id: id, draft: draft, quantity: quantity))
            } catch {
                guard case .validation(let errors) = error else { continue }
                for (index, column) in columns.enumerated() {
                    guard let field = column.field, let message = errors[field] else { continue }
                    problems.append(Problem(row: record.line, column: columns[index].header, message: message))
                }
            }
        }
        return problems.isEmpty ? .success(rows) : .failure(problems)
    }

    /// A cell as typed before the export defused it: `'=1+2` back to `=1+2` (only before a formula character).
    static func undefused(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.unicodeScalars.dropFirst().first,
              "=+-@\t\r".unicodeScalars.contains(second) else { return cell }
        return String(cell.dropFirst())
    }
}

/// What applying an import will do, worked out against the products as they are now.
public struct ProductImportPlan: Sendable, Equatable {
    /// One product the file changes: its state now, what it becomes, and the differences for the preview.
    public struct Update: Sendable, Equatable {
        public let line: Int
        public let before: AdminProduct
        public let draft: ProductDraft
        public let quantity: Int
        public let differences: [(column: String, before: String, after: String)]

        public static func == (lhs: Update, rhs: Update) -> Bool {
            lhs.line == rhs.line && lhs.before == rhs.before && lhs.draft == rhs.draft && lhs.quantity == rhs.quantity
        }
    }

    public var creates: [ProductCSV.Row] = []
    public var updates: [Update] = []
    public var unchanged = 0
    /// The SHA-256 of the id, revision and stock of every product the file names: any edit, sale or adjustment of
    /// one of them in between changes it, so a preview that no longer holds is refused.
    public var fingerprint = ""

    static let missingMessage = "이 상품번호의 상품이 없습니다. 새 상품이면 상품번호를 비워 두세요."

    /// Plans `rows` against the products in `db`; throws the problems when a row names an unknown product.
    static func make(_ db: any DatabaseConnection, _ rows: [ProductCSV.Row]) throws -> ProductCSV.Outcome<ProductImportPlan> {
        let repository = ProductAdminRepository()
        var plan = ProductImportPlan(), problems: [ProductCSV.Problem] = [], stamps: [String] = []
        for row in rows {
            guard let id = row.id else {
                plan.creates.append(row)
                continue
            }
            guard let before = try repository.find(db, id: id) else {
                problems.append(.init(row: row.line, column: ProductCSV.columns[0].header, message: missingMessage))
                continue
            }
            stamps.append("\(id):\(before.revision):\(before.product.quantity)")
            let differences = Self.differences(before, row)
            if differences.isEmpty { plan.unchanged += 1 } else {
                plan.updates.append(Update(line: row.line, before: before, draft: row.draft, quantity: row.quantity, differences: differences))
            }
        }
        guard problems.isEmpty else { return .failure(problems) }
        plan.fingerprint = SecureToken.hex(of: SHA256.hash(Array(stamps.sorted().joined(separator: "\n").utf8)))
        return .success(plan)
    }

    static func differences(_ before: AdminProduct, _ row: ProductCSV.Row) -> [(column: String, before: String, after: String)] {
        let old = ProductAdminService.draft(of: before), new = row.draft
        let state = { (hidden: Bool) in hidden ? ProductCSV.hiddenText : ProductCSV.onSaleText }
        let pairs: [(String, String, String)] = [
            ("상품명", old.name, new.name), ("가격", Won.format(old.price), Won.format(new.price)),
            ("분류", old.category, new.category), ("원산지", old.country, new.country),
            ("제조사", old.manufacturer, new.manufacturer), ("재고", "\(before.product.quantity)", "\(row.quantity)"),
            ("판매 상태", state(old.hidden), state(new.hidden)), ("설명", old.description, new.description),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { (column: $0.0, before: $0.1, after: $0.2) }
    }
}
