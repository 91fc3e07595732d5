import CSQLite
import Foundation

/// An error reported by SQLite, or by this wrapper when SQLite's answer cannot be used.
///
/// It keeps everything needed to act on the failure without parsing strings: the primary and
/// extended result codes, SQLite's message, and the SQL that failed. Constraint violations can be
/// told apart (`isUniqueConstraint`, `isCheckConstraint`, `isForeignKeyConstraint`) and, when SQLite
/// names them, `constraintTarget` and `constraintColumns` say which constraint or columns were hit,
/// so the pages layer can say "이미 사용 중인 아이디입니다" for `users.signup_id` only.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …): the low 8 bits of `extendedCode`.
    public var resultCode: Int32 { extendedCode & 0xFF }
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …).
    public let extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`) or this wrapper's explanation.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    // Complex C macros are not imported into Swift; these mirror sqlite3.h.
    static let constraintCheck: Int32 = 19 | (1 << 8)
    static let constraintForeignKey: Int32 = 19 | (3 << 8)
    static let constraintNotNull: Int32 = 19 | (5 << 8)
    static let constraintPrimaryKey: Int32 = 19 | (6 << 8)
    static let constraintUnique: Int32 = 19 | (8 << 8)

    /// Any constraint violation (unique, check, foreign key, not null, …).
    public var isConstraintViolation: Bool { resultCode == SQLITE_CONSTRAINT }
    /// A UNIQUE or PRIMARY KEY constraint rejected a duplicate.
    public var isUniqueConstraint: Bool {
        extendedCode == Self.constraintUnique || extendedCode == Self.constraintPrimaryKey
    }
    /// A CHECK constraint rejected a value (negative stock, unknown status, …).
    public var isCheckConstraint: Bool { extendedCode == Self.constraintCheck }
    /// A FOREIGN KEY constraint rejected a row that points nowhere (or is still pointed at).
    public var isForeignKeyConstraint: Bool { extendedCode == Self.constraintForeignKey }
    /// A NOT NULL constraint rejected a missing value.
    public var isNotNullConstraint: Bool { extendedCode == Self.constraintNotNull }
    /// The database was locked longer than `busy_timeout` allowed.
    public var isBusy: Bool { resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED }

    /// What SQLite names after "constraint failed: " — `users.signup_id` for a unique index,
    /// the constraint's name (or its expression) for a CHECK. `nil` when SQLite names nothing
    /// (foreign keys never say which).
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
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }
}
