import Database
import Foundation

/// Stores and finds shopper accounts (`users`). Passwords arrive already hashed.
///
/// Like every repository it runs inside its caller's unit of work (`DatabaseWriter.read`/`write`) and
/// never opens a transaction of its own.
public struct AccountRepository: Sendable {
    public init() {}

    /// Inserts an account; throws `PersistenceError.signupIdTaken` when the signup id exists.
    @discardableResult
    public func create(_ db: any DatabaseConnection, _ account: NewAccount, now: Date = Date()) throws -> Account {
        do throws(DatabaseError) {
            let id = try db.queryOne("""
                INSERT INTO users (signup_id, signup_password, name, phone, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING user_id
                """, [account.signupId, account.passwordHash, account.name, account.phone, now.unixSeconds, now.unixSeconds]) {
                row throws(DatabaseError) in try row.int("user_id")
            }
            guard let id else { throw DatabaseError(kind: .other, message: "INSERT INTO users returned no user_id") }
            return Account(id: id, signupId: account.signupId, passwordHash: account.passwordHash,
                           name: account.name, phone: account.phone, createdAt: Date(unixSeconds: now.unixSeconds))
        } catch {
            // signup_id is the only unique column users has besides the id the database assigns.
            // `catch … where` on a typed throw crashes the 6.3 compiler; test inside instead.
            if error.isUniqueConstraint { throw PersistenceError.signupIdTaken(account.signupId) }
            throw error
        }
    }

    public func find(_ db: any DatabaseConnection, signupId: String) throws -> Account? {
        try db.queryOne("SELECT \(Account.columns) FROM users WHERE signup_id = ?", [signupId], Account.init(row:))
    }

    public func find(_ db: any DatabaseConnection, id: Int) throws -> Account? {
        try db.queryOne("SELECT \(Account.columns) FROM users WHERE user_id = ?", [id], Account.init(row:))
    }
}

extension Account {
    /// The `users` columns `init(row:)` reads.
    static let columns = "user_id, signup_id, signup_password, name, phone, created_at"

    init(row: borrowing Row) throws(DatabaseError) {
        self.init(id: try row.int("user_id"), signupId: try row.string("signup_id"),
                  passwordHash: try row.string("signup_password"), name: try row.string("name"),
                  phone: try row.string("phone"), createdAt: Date(unixSeconds: try row.int64("created_at")))
    }
}
