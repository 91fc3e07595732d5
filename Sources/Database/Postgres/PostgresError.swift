import CPostgres
import Foundation

/// Turns what libpq reports into `DatabaseError`: SQLSTATE onto the engine-neutral kind, the constraint
/// PostgreSQL named, and a message that holds no bound value.
enum PostgresError {
    /// The kind for a SQLSTATE (PostgreSQL's Appendix A).
    static func kind(sqlState: String) -> DatabaseError.Kind {
        switch sqlState {
        case "23505": .uniqueViolation
        case "23514": .checkViolation
        case "23503": .foreignKeyViolation
        case "23502": .notNullViolation
        case "40001": .serializationFailure
        case "40P01": .deadlock
        case "55P03": .busy
        case "57014": .statementTimeout
        // The server going away (admin shutdown, crash, cannot connect now) loses the session.
        case "57P01", "57P02", "57P03": .connectionLost
        case _ where sqlState.hasPrefix("08"): .connectionLost
        default: .other
        }
    }

    /// The error a failed result (or a missing one: out of memory, connection gone) stands for.
    static func from(result: OpaquePointer?, connection: OpaquePointer, sql: String?) -> DatabaseError {
        let connectionBad = PQstatus(connection) != CONNECTION_OK
        guard let result, let state = field(result, "C") else {
            return DatabaseError(kind: connectionBad ? .connectionLost : .other, message: connectionMessage(connection), sql: sql)
        }
        let kind = connectionBad ? .connectionLost : Self.kind(sqlState: state)
        let primary = field(result, "M") ?? connectionMessage(connection)
        // Data exceptions quote the offending value (`invalid input syntax for type bigint: "x"`), and values
        // are bound arguments: keep the wording, drop what is quoted.
        let message = state.hasPrefix("22") ? redactQuoted(primary) : primary
        let table = field(result, "t")
        var columns: [String] = []
        if let table {
            if kind == .notNullViolation, let column = field(result, "c") {
                columns = ["\(table).\(column)"]
            } else if kind == .uniqueViolation, let detail = field(result, "D") {
                columns = keyColumns(detail).map { "\(table).\($0)" }
            }
        }
        return DatabaseError(kind: kind, sqlState: state, message: message, sql: sql,
                             constraint: field(result, "n"), columns: columns)
    }

    /// libpq's own message for the connection, on one line.
    static func connectionMessage(_ connection: OpaquePointer) -> String {
        let text = PQerrorMessage(connection).map { String(cString: $0) } ?? ""
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return line.isEmpty ? "connection to the server lost" : line
    }

    private static func field(_ result: OpaquePointer, _ code: Character) -> String? {
        guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
        return String(cString: value)
    }

    /// The column names of a unique violation's detail, `Key (user_id, product_id)=(…) already exists.`: only
    /// the part before `)=(`, never the values after it.
    static func keyColumns(_ detail: String) -> [String] {
        guard detail.hasPrefix("Key ("), let end = detail.range(of: ")=(") else { return [] }
        let names = detail[detail.index(detail.startIndex, offsetBy: 5)..<end.lowerBound]
        return names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func redactQuoted(_ text: String) -> String {
        var output = ""
        var inside = false
        for character in text {
            if character == "\"" {
                output.append(inside ? "…\"" : "\"")
                inside.toggle()
            } else if !inside {
                output.append(character)
            }
        }
        return output
    }
}
