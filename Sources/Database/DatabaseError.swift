import CSQLite
import Foundation

/// An error reported by a database engine, or by this module when an engine's answer cannot be used.
///
/// It keeps everything needed to act on the failure without parsing strings: a `kind` that is the same
/// for SQLite and PostgreSQL (what repositories match on), the engine's own code (SQLite's extended
/// result code, PostgreSQL's SQLSTATE), the engine's message and the SQL that failed. Bound arguments are
/// never kept, so a description can be logged without leaking what a shopper typed.
/// For SQLite, `constraintTarget` and `constraintColumns` say which constraint or columns were hit, so the
/// pages layer can say "이미 사용 중인 아이디입니다" for `users.signup_id` only.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in terms both engines map onto.
    public enum Kind: Sendable, Equatable {
        /// A UNIQUE or PRIMARY KEY constraint rejected a duplicate.
        case uniqueViolation
        /// A CHECK constraint rejected a value (negative stock, unknown status, …).
        case checkViolation
        /// A FOREIGN KEY constraint rejected a row that points nowhere (or is still pointed at).
        case foreignKeyViolation
        /// A NOT NULL constraint rejected a missing value.
        case notNullViolation
        /// A concurrent transaction made this one impossible to serialize; retrying it may succeed.
        case serializationFailure
        /// Two transactions waited on each other; the engine aborted this one.
        case deadlock
        /// The database stayed locked longer than the configured wait.
        case busy
        /// The connection to the server broke.
        case connectionLost
        /// No pooled connection became free within the configured wait.
        case poolTimeout
        /// A statement ran longer than the configured limit and was cancelled.
        case statementTimeout
        /// Anything else: syntax, misuse, a type mismatch, a missing column, I/O.
        case other
    }

    public let kind: Kind
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …); 0 when SQLite did not report the error.
    public let extendedCode: Int32
    /// PostgreSQL's SQLSTATE (`23505`, …); nil when PostgreSQL did not report the error.
    public let sqlState: String?
    /// The engine's message or this module's explanation.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// An error SQLite reported: `kind` follows from the extended result code.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.kind = Self.kind(sqliteExtendedCode: extendedCode)
        self.extendedCode = extendedCode
        self.sqlState = nil
        self.message = message
        self.sql = sql
    }

    /// An error of a known kind, from PostgreSQL (with its SQLSTATE) or from this module.
    public init(kind: Kind, message: String, sql: String? = nil, sqlState: String? = nil) {
        self.kind = kind
        self.extendedCode = 0
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    // Complex C macros are not imported into Swift; these mirror sqlite3.h.
    static let constraintCheck: Int32 = 19 | (1 << 8)
    static let constraintForeignKey: Int32 = 19 | (3 << 8)
    static let constraintNotNull: Int32 = 19 | (5 << 8)
    static let constraintPrimaryKey: Int32 = 19 | (6 << 8)
    static let constraintUnique: Int32 = 19 | (8 << 8)

    static func kind(sqliteExtendedCode code: Int32) -> Kind {
        switch code {
        case constraintUnique, constraintPrimaryKey: .uniqueViolation
        case constraintCheck: .checkViolation
        case constraintForeignKey: .foreignKeyViolation
        case constraintNotNull: .notNullViolation
        default:
            switch code & 0xFF {
            case SQLITE_BUSY, SQLITE_LOCKED: .busy
            case SQLITE_INTERRUPT: .statementTimeout
            default: .other
            }
        }
    }

    /// SQLite's primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …): the low 8 bits of `extendedCode`.
    public var resultCode: Int32 { extendedCode & 0xFF }

    /// Any constraint violation (unique, check, foreign key, not null, …).
    public var isConstraintViolation: Bool {
        switch kind {
        case .uniqueViolation, .checkViolation, .foreignKeyViolation, .notNullViolation: true
        default: resultCode == SQLITE_CONSTRAINT
        }
    }
    /// A UNIQUE or PRIMARY KEY constraint rejected a duplicate.
    public var isUniqueConstraint: Bool { kind == .uniqueViolation }
    /// A CHECK constraint rejected a value.
    public var isCheckConstraint: Bool { kind == .checkViolation }
    /// A FOREIGN KEY constraint rejected a row.
    public var isForeignKeyConstraint: Bool { kind == .foreignKeyViolation }
    /// A NOT NULL constraint rejected a missing value.
    public var isNotNullConstraint: Bool { kind == .notNullViolation }
    /// The database was locked longer than allowed.
    public var isBusy: Bool { kind == .busy }

    /// What SQLite names after "constraint failed: " — `users.signup_id` for a unique index,
    /// the constraint's name (or its expression) for a CHECK. `nil` when SQLite names nothing
    /// (foreign keys never say which) and for other engines.
    public var constraintTarget: String? {
        guard isConstraintViolation, let range = message.range(of: "constraint failed: ") else { return nil }
        let target = message[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return target.isEmpty ? nil : target
    }

    /// For unique / not-null violations, the `table.column` pairs SQLite lists; empty otherwise.
    public var constraintColumns: [String] {
        guard isUniqueConstraint || isNotNullConstraint, let target = constraintTarget else { return [] }
        return target.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    public var description: String {
        var text = if let sqlState { "PostgreSQL error \(sqlState): \(message)" }
            else if extendedCode != 0 { "SQLite error \(extendedCode): \(message)" }
            else { "database error (\(kind)): \(message)" }
        // One line: a log line must not be split by the SQL's own line breaks.
        if let sql { text += " — while executing `\(sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))`" }
        return text
    }
}
