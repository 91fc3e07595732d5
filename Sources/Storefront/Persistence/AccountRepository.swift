import Database
import Foundation

/// Stores and finds shopper accounts (`users`). Passwords arrive already hashed.
public struct AccountRepository: Sendable {
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    static let columns = "user_id, signup_id, signup_password, name, phone, created_at"

    static func account(_ row: borrowing Row) throws(DatabaseError) -> Account {
        Account(id: try row.int(0), signupId: try row.string(1), passwordHash: try row.string(2),
                name: try row.string(3), phone: try row.string(4), createdAt: Date(unixSeconds: try row.int64(5)))
    }

    /// Inserts an account; throws `PersistenceError.signupIdTaken` when the signup id exists.
    @discardableResult
    public func create(_ db: Connection, _ account: NewAccount, now: Date = Date()) throws -> Account {
        do {
            try db.execute("""
                INSERT INTO users (signup_id, signup_password, name, phone, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [account.signupId, account.passwordHash, account.name, account.phone, now.unixSeconds, now.unixSeconds])
        } catch {
            // `catch … where` on a typed throw crashes the 6.3 compiler; test inside instead.
            if error.isUniqueConstraint, error.constraintColumns.contains("users.signup_id") {
                throw PersistenceError.signupIdTaken(account.signupId)
            }
            throw error
        }
        return Account(id: Int(db.lastInsertRowID), signupId: account.signupId, passwordHash: account.passwordHash,
                       name: account.name, phone: account.phone, createdAt: Date(unixSeconds: now.unixSeconds))
    }

    public func find(_ db: Connection, signupId: String) throws -> Account? {
        try db.queryOne("SELECT \(Self.columns) FROM users WHERE signup_id = ?", [signupId], Self.account)
    }

    public func find(_ db: Connection, id: Int) throws -> Account? {
        try db.queryOne("SELECT \(Self.columns) FROM users WHERE user_id = ?", [id], Self.account)
    }

    // MARK: Async conveniences

    @discardableResult
    public func create(_ account: NewAccount, now: Date = Date()) async throws -> Account {
        try await database.write { db in try self.create(db, account, now: now) }
    }

    public func find(signupId: String) async throws -> Account? {
        try await database.read { db in try self.find(db, signupId: signupId) }
    }

    public func find(id: Int) async throws -> Account? {
        try await database.read { db in try self.find(db, id: id) }
    }
}
