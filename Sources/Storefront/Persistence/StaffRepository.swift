import Database
import Foundation

/// Stores and finds staff accounts (`staff`). Passwords arrive already hashed. Runs inside its caller's unit of
/// work and never opens a transaction of its own; staff are never deleted (the audit log names them), only disabled.
struct StaffRepository: Sendable {
    /// Inserts a member; throws `StaffError.idTaken` when the id exists.
    func create(_ db: any DatabaseConnection, _ member: StaffMember, passwordHash: String) throws {
        do throws(DatabaseError) {
            try db.execute("""
                INSERT INTO staff (staff_id, name, password_hash, role, active, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [member.id, member.name, passwordHash, member.role.rawValue, member.active ? 1 : 0,
                      member.createdAt.unixSeconds, member.updatedAt.unixSeconds])
        } catch {
            if error.isUniqueConstraint { throw StaffError.idTaken }
            throw error
        }
    }

    func find(_ db: any DatabaseConnection, id: String) throws -> StaffMember? {
        try db.queryOne("SELECT \(StaffMember.columns) FROM staff WHERE staff_id = ?", [id], StaffMember.init(row:))
    }

    func credentials(_ db: any DatabaseConnection, id: String) throws -> StaffCredentials? {
        try db.queryOne("SELECT \(StaffMember.columns), password_hash FROM staff WHERE staff_id = ?", [id]) { row throws(DatabaseError) in
            StaffCredentials(member: try StaffMember(row: row), passwordHash: try row.string("password_hash"))
        }
    }

    /// Every member, owners first, then by id.
    func list(_ db: any DatabaseConnection) throws -> [StaffMember] {
        try db.query("SELECT \(StaffMember.columns) FROM staff ORDER BY role DESC, staff_id", [], StaffMember.init(row:))
    }

    /// How many active owners there are: the last one may be neither disabled nor demoted.
    func activeOwnerCount(_ db: any DatabaseConnection) throws -> Int {
        try db.queryOne("SELECT count(*) AS owners FROM staff WHERE role = 'owner' AND active = 1", []) { row throws(DatabaseError) in
            try row.int("owners")
        } ?? 0
    }

    /// Writes a member's name, role and active flag. Returns whether the member exists.
    @discardableResult
    func update(_ db: any DatabaseConnection, _ member: StaffMember, now: Date) throws -> Bool {
        try db.execute("UPDATE staff SET name = ?, role = ?, active = ?, updated_at = ? WHERE staff_id = ?",
                       [member.name, member.role.rawValue, member.active ? 1 : 0, now.unixSeconds, member.id]) > 0
    }
}

extension StaffMember {
    /// The `staff` columns `init(row:)` reads.
    static let columns = "staff_id, name, role, active, created_at, updated_at"

    init(row: borrowing Row) throws(DatabaseError) {
        let roleName = try row.string("role")
        guard let role = StaffRole(rawValue: roleName) else {
            throw DatabaseError(kind: .other, message: "staff.role holds an unknown role")
        }
        self.init(id: try row.string("staff_id"), name: try row.string("name"), role: role,
                  active: try row.int("active") != 0, createdAt: Date(unixSeconds: try row.int64("created_at")),
                  updatedAt: Date(unixSeconds: try row.int64("updated_at")))
    }
}
