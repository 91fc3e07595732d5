import CSQLite
import Foundation

/// An error reported by a database engine, or by this wrapper when the engine's answer cannot be used.
///
/// It keeps everything needed to act on the failure without parsing strings: an engine-neutral `kind`
/// repositories match on (the same for SQLite and PostgreSQL), the engine's own code (SQLite's extended
/// result code, or PostgreSQL's SQLSTATE), the engine's message, and the SQL that failed. Bound
/// arguments are never part of it. Constraint violations can be told apart (`isUniqueConstraint`,
/// `isCheckConstraint`, `isForeignKeyConstraint`) and, when the engine names them, `constraintTarget` and
/// `constraintColumns` say which constraint or columns were hit, so the pages layer can say
/// "이미 사용 중인 아이디입니다" for `users.signup_id` only.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in terms both engines map onto.
    public enum Kind: String, Sendable, Equatable {
        /// A UNIQUE or PRIMARY KEY constraint rejected a duplicate.
        case uniqueViolation
        /// A CHECK constraint (or a trigger standing for one) rejected a value.
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

    /// What went wrong, whichever engine said it.
    public let kind: Kind
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …): the low 8 bits of `extendedCode`.
    public var resultCode: Int32 { extendedCode & 0xFF }
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …); 0 for PostgreSQL.
    public let extendedCode: Int32
    /// PostgreSQL's SQLSTATE (`23505`, `40001`, …); `nil` for SQLite.
    public let sqlState: String?
    /// The engine's message or this wrapper's explanation.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?
    /// The constraint PostgreSQL named (`users_signup_id`, `product_price_max`).
    let constraintName: String?
    /// The `table.column` pairs PostgreSQL's report names for a unique or not-null violation.
    let reportedColumns: [String]

    /// An error from SQLite (or this wrapper), its kind derived from the extended code.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.kind = Self.kind(sqliteCode: extendedCode)
        self.extendedCode = extendedCode
        self.sqlState = nil
        self.message = message
        self.sql = sql
        self.constraintName = nil
        self.reportedColumns = []
    }

    /// An error with a known kind: PostgreSQL's (with its SQLSTATE and the constraint it named) or the
    /// pool's own (`.poolTimeout`, `.connectionLost`).
    public init(kind: Kind, sqlState: String? = nil, message: String, sql: String? = nil,
                constraint: String? = nil, columns: [String] = []) {
        self.kind = kind
        self.extendedCode = 0
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
        self.constraintName = constraint
        self.reportedColumns = columns
    }

    // Complex C macros are not imported into Swift; these mirror sqlite3.h.
    static let constraintCheck: Int32 = 19 | (1 << 8)
    static let constraintForeignKey: Int32 = 19 | (3 << 8)
    static let constraintNotNull: Int32 = 19 | (5 << 8)
    static let constraintPrimaryKey: Int32 = 19 | (6 << 8)
    static let constraintUnique: Int32 = 19 | (8 << 8)
    static let constraintTrigger: Int32 = 19 | (7 << 8)

    static func kind(sqliteCode code: Int32) -> Kind {
        switch code {
        case constraintUnique, constraintPrimaryKey: .uniqueViolation
        // A trigger's RAISE(ABORT) is how migration 6 writes its CHECK-like bounds.
        case constraintCheck, constraintTrigger: .checkViolation
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

    /// Any constraint violation (unique, check, foreign key, not null, …).
    public var isConstraintViolation: Bool {
        sqlState.map { $0.hasPrefix("23") } ?? (resultCode == SQLITE_CONSTRAINT)
    }
    /// A UNIQUE or PRIMARY KEY constraint rejected a duplicate.
    public var isUniqueConstraint: Bool { kind == .uniqueViolation }
    /// A CHECK constraint rejected a value (negative stock, unknown status, …).
    public var isCheckConstraint: Bool { kind == .checkViolation }
    /// A FOREIGN KEY constraint rejected a row that points nowhere (or is still pointed at).
    public var isForeignKeyConstraint: Bool { kind == .foreignKeyViolation }
    /// A NOT NULL constraint rejected a missing value.
    public var isNotNullConstraint: Bool { kind == .notNullViolation }
    /// The database was locked longer than the engine's lock wait allowed.
    public var isBusy: Bool { kind == .busy }

    /// The constraint that was hit: PostgreSQL's constraint name; for SQLite what it names after
    /// "constraint failed: " — `users.signup_id` for a unique index, the constraint's name (or its
    /// expression) for a CHECK. `nil` when the engine names nothing (SQLite's foreign keys never say which).
    public var constraintTarget: String? {
        if sqlState != nil { return constraintName }
        guard isConstraintViolation, let range = message.range(of: "constraint failed: ") else { return nil }
        let target = message[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return target.isEmpty ? nil : target
    }

    /// For unique / not-null violations, the `table.column` pairs the engine lists; empty otherwise.
    public var constraintColumns: [String] {
        guard isUniqueConstraint || isNotNullConstraint else { return [] }
        if sqlState != nil { return reportedColumns }
        guard let target = constraintTarget else { return [] }
        return target.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    public var description: String {
        var text = if let sqlState { "PostgreSQL error \(sqlState) (\(kind.rawValue)): \(message)" }
            else if extendedCode != 0 { "SQLite error \(extendedCode): \(message)" }
            else { "database error (\(kind.rawValue)): \(message)" }
        // One line: a log line must not be split by the SQL's own line breaks.
        if let sql { text += " — while executing `\(sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))`" }
        return text
    }
}
