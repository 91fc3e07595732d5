import Database
import Foundation

/// One saved address of a shopper's 배송지 목록.
public struct AddressBookEntry: Sendable, Equatable {
    public let id: Int
    public let userId: Int
    public let address: DeliveryAddress
    public let isDefault: Bool

    static let columns = "address_id, user_id, recipient, phone, postal_code, address_line1, address_line2, is_default"

    init(row: borrowing Row) throws(DatabaseError) {
        id = try row.int("address_id")
        userId = try row.int("user_id")
        address = DeliveryAddress(recipient: try row.string("recipient"), phone: try row.string("phone"),
                                  postalCode: try row.string("postal_code"), line1: try row.string("address_line1"),
                                  line2: try row.string("address_line2"))
        isDefault = try row.int("is_default") == 1
    }
}

/// The address book (`address_book`). Every call names the shopper, so one shopper's id never reaches another's
/// row. At most one default per shopper: making one default clears the others in the same write (the partial
/// unique index refuses a second otherwise), and a shopper's first address is the default.
/// Opens no transaction: run each call in one `DatabaseWriter.write`.
public struct AddressBookRepository: Sendable {
    /// How many addresses one shopper may keep.
    public static let maxEntries = 20

    public init() {}

    public func list(_ db: any DatabaseConnection, userId: Int) throws -> [AddressBookEntry] {
        try db.query("""
            SELECT \(AddressBookEntry.columns) FROM address_book WHERE user_id = ? ORDER BY is_default DESC, address_id
            """, [userId], AddressBookEntry.init(row:))
    }

    public func find(_ db: any DatabaseConnection, userId: Int, id: Int) throws -> AddressBookEntry? {
        try db.queryOne("SELECT \(AddressBookEntry.columns) FROM address_book WHERE user_id = ? AND address_id = ?",
                        [userId, id], AddressBookEntry.init(row:))
    }

    public func defaultEntry(_ db: any DatabaseConnection, userId: Int) throws -> AddressBookEntry? {
        try db.queryOne("SELECT \(AddressBookEntry.columns) FROM address_book WHERE user_id = ? AND is_default = 1",
                        [userId], AddressBookEntry.init(row:))
    }

    public func count(_ db: any DatabaseConnection, userId: Int) throws -> Int {
        try db.queryOne("SELECT count(*) AS n FROM address_book WHERE user_id = ?", [userId]) { row throws(DatabaseError) in
            try row.int("n")
        } ?? 0
    }

    /// Saves a new address; it becomes the default when asked or when it is the shopper's first. Returns its id.
    @discardableResult
    public func add(_ db: any DatabaseConnection, userId: Int, _ address: DeliveryAddress, makeDefault: Bool,
                    now: Date = Date()) throws -> Int {
        let isFirst = try count(db, userId: userId) == 0
        let isDefault = makeDefault || isFirst
        if isDefault { try clearDefault(db, userId: userId, now: now) }
        let id = try db.queryOne("""
            INSERT INTO address_book (user_id, recipient, phone, postal_code, address_line1, address_line2, is_default,
                                      created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING address_id
            """, [userId, address.recipient, address.phone, address.postalCode, address.line1, address.line2,
                  isDefault ? 1 : 0, now.unixSeconds, now.unixSeconds]) { row throws(DatabaseError) in try row.int("address_id") }
        guard let id else { throw DatabaseError(kind: .other, message: "address_book insert returned no id") }
        return id
    }

    /// Replaces an address's fields (and makes it the default when asked). Returns false when it is not the shopper's.
    @discardableResult
    public func update(_ db: any DatabaseConnection, userId: Int, id: Int, _ address: DeliveryAddress, makeDefault: Bool,
                       now: Date = Date()) throws -> Bool {
        guard try find(db, userId: userId, id: id) != nil else { return false }
        if makeDefault { try clearDefault(db, userId: userId, now: now) }
        try db.execute("""
            UPDATE address_book SET recipient = ?, phone = ?, postal_code = ?, address_line1 = ?, address_line2 = ?,
                is_default = CASE WHEN ? = 1 THEN 1 ELSE is_default END, updated_at = ?
            WHERE user_id = ? AND address_id = ?
            """, [address.recipient, address.phone, address.postalCode, address.line1, address.line2,
                  makeDefault ? 1 : 0, now.unixSeconds, userId, id])
        return true
    }

    /// Makes one address the default. Returns false when it is not the shopper's.
    @discardableResult
    public func setDefault(_ db: any DatabaseConnection, userId: Int, id: Int, now: Date = Date()) throws -> Bool {
        guard try find(db, userId: userId, id: id) != nil else { return false }
        try clearDefault(db, userId: userId, now: now)
        try db.execute("UPDATE address_book SET is_default = 1, updated_at = ? WHERE user_id = ? AND address_id = ?",
                       [now.unixSeconds, userId, id])
        return true
    }

    /// Deletes an address; when it was the default, the oldest remaining one becomes the default, so a shopper
    /// with addresses always has one. Deleting one that is not there (a double click) is not an error.
    public func delete(_ db: any DatabaseConnection, userId: Int, id: Int, now: Date = Date()) throws {
        let wasDefault = try find(db, userId: userId, id: id)?.isDefault ?? false
        try db.execute("DELETE FROM address_book WHERE user_id = ? AND address_id = ?", [userId, id])
        guard wasDefault else { return }
        try db.execute("""
            UPDATE address_book SET is_default = 1, updated_at = ?
            WHERE address_id = (SELECT min(address_id) FROM address_book WHERE user_id = ?)
            """, [now.unixSeconds, userId])
    }

    private func clearDefault(_ db: any DatabaseConnection, userId: Int, now: Date) throws {
        try db.execute("UPDATE address_book SET is_default = 0, updated_at = ? WHERE user_id = ? AND is_default = 1",
                       [now.unixSeconds, userId])
    }
}
