import Database
import Foundation

/// Back-office sessions (`staff_sessions`). A session is live while `expires_at` (the idle deadline) and
/// `absolute_expires_at` are both ahead and its member is active; a disabled member's sessions stop at once.
struct StaffSessionRepository: Sendable {
    func create(_ db: any DatabaseConnection, id: String, staffId: String, now: Date, idle: Int, lifetime: Int) throws {
        let absolute = now.unixSeconds + Int64(lifetime)
        try db.execute("""
            INSERT INTO staff_sessions (session_id, staff_id, created_at, expires_at, absolute_expires_at)
            VALUES (?, ?, ?, ?, ?)
            """, [id, staffId, now.unixSeconds, min(now.unixSeconds + Int64(idle), absolute), absolute])
    }

    /// The live session's member and idle deadline, or nil.
    func find(_ db: any DatabaseConnection, id: String, now: Date) throws -> (member: StaffMember, expiresAt: Int64)? {
        try db.queryOne("""
            SELECT s.staff_id AS staff_id, m.name AS name, m.role AS role, m.active AS active,
                   m.created_at AS created_at, m.updated_at AS updated_at, s.expires_at AS expires_at
            FROM staff_sessions s JOIN staff m ON m.staff_id = s.staff_id
            WHERE s.session_id = ? AND s.expires_at > ? AND s.absolute_expires_at > ? AND m.active = 1
            """, [id, now.unixSeconds, now.unixSeconds]) { row throws(DatabaseError) in
            (try StaffMember(row: row), try row.int64("expires_at"))
        }
    }

    /// Moves the idle deadline to `now + idle`, never past the absolute one.
    func touch(_ db: any DatabaseConnection, id: String, now: Date, idle: Int) throws {
        try db.execute("""
            UPDATE staff_sessions SET expires_at = CASE WHEN ? < absolute_expires_at THEN ? ELSE absolute_expires_at END
            WHERE session_id = ?
            """, [now.unixSeconds + Int64(idle), now.unixSeconds + Int64(idle), id])
    }

    func delete(_ db: any DatabaseConnection, id: String) throws {
        try db.execute("DELETE FROM staff_sessions WHERE session_id = ?", [id])
    }

    /// Ends every session of a member (disabled, or role changed).
    func deleteAll(_ db: any DatabaseConnection, staffId: String) throws {
        try db.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [staffId])
    }

    @discardableResult
    func deleteExpired(_ db: any DatabaseConnection, now: Date) throws -> Int {
        try db.execute("DELETE FROM staff_sessions WHERE expires_at <= ? OR absolute_expires_at <= ?",
                       [now.unixSeconds, now.unixSeconds])
    }
}
