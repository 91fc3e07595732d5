import CPostgres

/// One `PGresult`, its single owner (cleared in `deinit`), read a row at a time as a `RowSource`.
///
/// Values arrive in PostgreSQL's text format and are converted by column type: int2/int4/int8 (and a
/// numeric with no fraction, which is what `sum(bigint)` gives) as integers, float4/float8/numeric as
/// doubles, text-like types and numeric as text, bytea from its hex form, bool as 1/0.
final class PostgresResult: RowSource {
    private let handle: OpaquePointer
    let sql: String
    /// The row `Row` reads; the connection moves it along.
    var row: Int32 = 0
    private var columnIndexes: [String: Int]?

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit { PQclear(handle) }

    var rowCount: Int { Int(PQntuples(handle)) }

    /// Rows a command changed (`PQcmdTuples`); 0 for a command that reports none.
    var changedRows: Int {
        guard let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    var columnCount: Int { Int(PQnfields(handle)) }

    func columnName(at index: Int) -> String {
        PQfname(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    func columnIndex(named name: String) -> Int? {
        if columnIndexes == nil { columnIndexes = columnIndexMap() }
        return columnIndexes?[name]
    }

    func isNull(at index: Int) -> Bool { PQgetisnull(handle, row, Int32(index)) == 1 }

    func int64(at index: Int) throws(DatabaseError) -> Int64 {
        let type = try typeOfValue(at: index, expected: "an integer")
        switch type {
        case PostgresType.int8, PostgresType.int4, PostgresType.int2, PostgresType.oid:
            if let value = Int64(rawText(at: index)) { return value }
        case PostgresType.bool:
            return rawText(at: index) == "t" ? 1 : 0
        case PostgresType.numeric:
            let text = rawText(at: index)
            let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            if let whole = parts.first, parts.count == 1 || parts[1].allSatisfy({ $0 == "0" }), let value = Int64(whole) {
                return value
            }
        default:
            break
        }
        throw mismatch(index, expected: "an integer")
    }

    func double(at index: Int) throws(DatabaseError) -> Double {
        let type = try typeOfValue(at: index, expected: "a number")
        switch type {
        case PostgresType.float8, PostgresType.float4, PostgresType.numeric, PostgresType.int8, PostgresType.int4, PostgresType.int2:
            let text = rawText(at: index)
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: if let value = Double(text) { return value }
            }
        default:
            break
        }
        throw mismatch(index, expected: "a number")
    }

    func text(at index: Int) throws(DatabaseError) -> String {
        let type = try typeOfValue(at: index, expected: "text")
        guard PostgresType.textual.contains(type) else { throw mismatch(index, expected: "text") }
        return rawText(at: index)
    }

    func bytes(at index: Int) throws(DatabaseError) -> [UInt8] {
        let type = try typeOfValue(at: index, expected: "bytes")
        guard type == PostgresType.bytea, let decoded = Self.decodeHex(rawBytes(at: index)) else {
            throw mismatch(index, expected: "bytes")
        }
        return decoded
    }

    private func typeOfValue(at index: Int, expected: String) throws(DatabaseError) -> UInt32 {
        guard !isNull(at: index) else { throw mismatch(index, expected: expected) }
        return PQftype(handle, Int32(index))
    }

    private func rawBytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let count = Int(PQgetlength(handle, row, Int32(index)))
        guard let value = PQgetvalue(handle, row, Int32(index)) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeRawPointer(value).withMemoryRebound(to: UInt8.self, capacity: count) { UnsafeBufferPointer(start: $0, count: count) }
    }

    private func rawText(at index: Int) -> String { String(decoding: rawBytes(at: index), as: UTF8.self) }

    /// bytea's text form since PostgreSQL 9.0: `\x` then two hex digits per byte.
    static func decodeHex(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count >= 2, text.count % 2 == 0, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2 - 1)
        var index = 2
        while index < text.count {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private func mismatch(_ index: Int, expected: String) -> DatabaseError {
        let found = isNull(at: index) ? "NULL" : PostgresType.name(PQftype(handle, Int32(index)))
        return DatabaseError(kind: .other, message: "column \(columnName(at: index)) holds \(found), expected \(expected)", sql: sql)
    }
}

/// The type OIDs the driver reads and binds (`pg_type.oid`, fixed for the built-in types).
enum PostgresType {
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let name: UInt32 = 19
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let oid: UInt32 = 26
    static let json: UInt32 = 114
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let unknown: UInt32 = 705
    static let bpchar: UInt32 = 1042
    static let varchar: UInt32 = 1043
    static let numeric: UInt32 = 1700
    static let jsonb: UInt32 = 3802
    static let textual: Set<UInt32> = [text, varchar, bpchar, name, unknown, json, jsonb, numeric]

    static func name(_ type: UInt32) -> String {
        switch type {
        case bool: "bool"
        case bytea: "bytea"
        case int8, int4, int2, oid: "an integer"
        case float4, float8: "a float"
        case numeric: "numeric"
        case _ where textual.contains(type): "text"
        default: "type \(type)"
        }
    }
}
