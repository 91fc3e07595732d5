/// A 송장 upload as Korean shops make it (a spreadsheet saved as CSV): one row per order with 주문번호, 택배사 and
/// 송장번호 for shipping, or 주문번호 alone for 배송 완료. A first row of column names is skipped when it names them.
///
/// Guarantee: `parse` accepts the whole file or refuses it, naming the first bad row (1-based, as a spreadsheet
/// numbers it) and column; nothing is half-read. Quoted fields (RFC 4180: `"a, b"`, `""` for a quote) are read as
/// spreadsheets write them; a UTF-8 byte-order mark is ignored.
public enum ShipmentCSV {
    /// One row to ship.
    public struct Shipment: Sendable, Equatable {
        public let row: Int
        public let orderId: String
        public let carrier: Carrier
        public let trackingNumber: String
    }

    /// Why a file was refused: its `message` names the row and the column.
    public struct Refusal: Error, Sendable, Equatable {
        public let row: Int
        public let column: String
        public let problem: String
        public var message: String { "\(row)행 \(column): \(problem)" }
    }

    /// The most rows one upload may hold, so a file cannot tie up a write for long.
    public static let maxRows = 1_000

    static let orderColumn = "주문번호", carrierColumn = "택배사", trackingColumn = "송장번호"
    static let headerNames: Set<String> = ["주문번호", "order_id", "orderid", "주문 번호"]

    /// The rows of a shipping file (주문번호, 택배사, 송장번호).
    public static func shipments(_ text: String) throws(Refusal) -> [Shipment] {
        var shipments: [Shipment] = []
        var seen: Set<String> = []
        for (row, fields) in try rows(text) {
            guard fields.count >= 3 else {
                throw Refusal(row: row, column: fields.count < 2 ? carrierColumn : trackingColumn, problem: "값이 없습니다")
            }
            let orderId = try orderId(fields[0], row: row, seen: &seen)
            guard let carrier = Carrier.named(fields[1]) else {
                throw Refusal(row: row, column: carrierColumn, problem: "알 수 없는 택배사입니다 (\(Carrier.all.map(\.name).joined(separator: ", ")))")
            }
            guard let number = TrackingNumber.parse(fields[2]) else {
                throw Refusal(row: row, column: trackingColumn, problem: TrackingNumber.message)
            }
            shipments.append(Shipment(row: row, orderId: orderId, carrier: carrier, trackingNumber: number))
        }
        return shipments
    }

    /// The order ids of a 배송 완료 file (주문번호 in the first column), each with its row.
    public static func deliveredOrders(_ text: String) throws(Refusal) -> [(row: Int, orderId: String)] {
        var seen: Set<String> = []
        var orders: [(row: Int, orderId: String)] = []
        for (row, fields) in try rows(text) { orders.append((row, try orderId(fields[0], row: row, seen: &seen))) }
        return orders
    }

    private static func orderId(_ field: String, row: Int, seen: inout Set<String>) throws(Refusal) -> String {
        let id = field.trimmingCharacters(in: .whitespaces)
        guard OrderIdentifier.isValid(id) else { throw Refusal(row: row, column: orderColumn, problem: "주문번호 형식이 아닙니다") }
        guard seen.insert(id).inserted else { throw Refusal(row: row, column: orderColumn, problem: "같은 주문번호가 이미 앞 행에 있습니다") }
        return id
    }

    /// Non-blank rows with their 1-based numbers, the header row left out; refuses an empty file or one over `maxRows`.
    static func rows(_ text: String) throws(Refusal) -> [(Int, [String])] {
        let (records, unclosed) = CSV.records(text)
        if let unclosed { throw Refusal(row: unclosed, column: orderColumn, problem: "따옴표가 닫히지 않았습니다") }
        var result: [(Int, [String])] = []
        for record in records {
            if record.line == 1 && headerNames.contains(record.cell(0).lowercased()) { continue }
            guard result.count < maxRows else { throw Refusal(row: record.line, column: orderColumn, problem: "한 번에 \(maxRows)행까지 올릴 수 있습니다") }
            result.append((record.line, record.fields))
        }
        guard !result.isEmpty else { throw Refusal(row: 1, column: orderColumn, problem: "올릴 행이 없습니다") }
        return result
    }
}
