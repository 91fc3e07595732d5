import Database
import Foundation

/// Staff accounts, their sign-in and their sessions: every rule the back office's sign-in and staff pages and the
/// `storefront staff` command rely on.
///
/// Guarantees:
/// - ids are 3–30 of a–z 0–9 . _ -; names and passwords follow the shoppers' rules (`AccountRules`); passwords are
///   stored only as bcrypt hashes, hashed and verified off the cooperative pool.
/// - sign-in uses the shoppers' lockout rules and throttle code with keys of its own (`staff:account:…`,
///   `staff:address:…`), answers the same for an unknown id, a disabled member and a wrong password, and spends
///   the same bcrypt work on each. Every success and failure is in the audit log.
/// - every change (add, disable, enable, role) is written with its audit entry in one transaction; the last
///   active owner can be neither disabled nor demoted, so the shop always has someone who can manage staff.
/// - a disabled member's sessions end at once; a session lasts `idleSeconds` after the last request, and never
///   more than `lifetimeSeconds` after sign-in.
public struct StaffService: Sendable {
    let database: any DatabaseWriter
    let throttle: any LoginThrottle
    let hasher: PasswordHasher
    let idleSeconds: Int
    let lifetimeSeconds: Int
    let now: @Sendable () -> Date
    let staff = StaffRepository()
    let sessions = StaffSessionRepository()
    /// A well-formed hash at `hasher.cost` that matches no password, verified for unknown ids.
    let dummyHash: String

    public static let idField = "staff_id"
    public static let nameField = "name"
    public static let passwordField = "password"
    public static let roleField = "role"
    static let idMessage = "아이디는 영문 소문자, 숫자, 마침표(.), 밑줄(_), 하이픈(-)으로 3~30자입니다."
    static let idTakenMessage = "이미 사용 중인 아이디입니다."
    static let lastOwnerMessage = "마지막 소유자는 비활성화하거나 운영자로 바꿀 수 없습니다."

    public init(database: any DatabaseWriter, throttle: (any LoginThrottle)? = nil, passwordCost: Int = 12,
                idleSeconds: Int = AdminSection().sessionIdleMinutes * 60,
                lifetimeSeconds: Int = AdminSection().sessionLifetimeHours * 3600,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.throttle = throttle ?? DatabaseLoginThrottle(database: database)
        hasher = PasswordHasher(cost: passwordCost)
        self.idleSeconds = idleSeconds
        self.lifetimeSeconds = lifetimeSeconds
        self.now = now
        let cheap = (try? PasswordHasher(cost: 4).hash(SecureToken.hex(bytes: 16))) ?? "$2b$04$" + String(repeating: "a", count: 53)
        dummyHash = String(format: "$2b$%02d$", hasher.cost) + cheap.dropFirst(7)
    }

    // MARK: Accounts

    /// Creates an active member, or throws `.validation` with a message per bad field (the id taken included).
    /// `actor` is who did it (nil from the command line), recorded in the audit log with `address`.
    public func add(id rawId: String, name rawName: String, role: StaffRole, password: String,
                    by actor: StaffMember?, address: String) async throws(ShopError) -> StaffMember {
        var errors = ValidationErrors()
        let id = Self.validId(rawId, into: &errors)
        let name = AccountRules.name(rawName, field: Self.nameField, into: &errors)
        AccountRules.password(password, signupId: id, field: Self.passwordField, into: &errors)
        guard errors.isEmpty else { throw .validation(errors) }
        let hash = try await hashed(password)
        let at = now()
        let member = StaffMember(id: id, name: name, role: role, active: true, createdAt: Date(unixSeconds: at.unixSeconds),
                                 updatedAt: Date(unixSeconds: at.unixSeconds))
        do {
            try await database.write { [staff] db in
                try staff.create(db, member, passwordHash: hash)
                try AuditLog.record(db, AuditEntry(staffId: actor?.id, action: .staffCreated, target: "staff:\(id)",
                                                   after: "\(name) · \(role.label)", address: address), now: at)
            }
        } catch StaffError.idTaken {
            throw .validation([Self.idField: Self.idTakenMessage])
        } catch {
            throw ShopError.from(error)
        }
        return member
    }

    public func list() async throws(ShopError) -> [StaffMember] {
        try await ShopError.mapping { try await database.read { [staff] db in try staff.list(db) } }
    }

    public func member(id: String) async throws(ShopError) -> StaffMember? {
        try await ShopError.mapping { try await database.read { [staff] db in try staff.find(db, id: id) } }
    }

    /// Disables or re-enables a member; disabling ends their sessions. Throws `.conflict` for the last owner.
    @discardableResult
    public func setActive(id: String, _ active: Bool, by actor: StaffMember?, address: String) async throws(ShopError) -> StaffMember {
        try await change(id: id, by: actor, address: address) { member in
            guard member.active != active else { return nil }
            member.active = active
            return (active ? .staffEnabled : .staffDisabled, active ? "비활성" : "활성", active ? "활성" : "비활성")
        }
    }

    /// Gives a member another role. Throws `.conflict` when that would leave no active owner.
    @discardableResult
    public func changeRole(id: String, to role: StaffRole, by actor: StaffMember?, address: String) async throws(ShopError) -> StaffMember {
        try await change(id: id, by: actor, address: address) { member in
            guard member.role != role else { return nil }
            let before = member.role.label
            member.role = role
            return (.staffRoleChanged, before, role.label)
        }
    }

    /// Applies `edit` to the member in one transaction with its audit entry; `edit` returns nil when nothing changes.
    private func change(id: String, by actor: StaffMember?, address: String,
                        _ edit: @escaping @Sendable (inout StaffMember) -> (AuditAction, String, String)?) async throws(ShopError) -> StaffMember {
        let at = now()
        return try await ShopError.mapping {
            try await database.write { [staff, sessions] db in
                guard var member = try staff.find(db, id: id) else { throw ShopError.validation([Self.idField: "없는 직원입니다."]) }
                let wasActiveOwner = member.active && member.role == .owner
                guard let (action, before, after) = edit(&member) else { return member }
                if wasActiveOwner, !(member.active && member.role == .owner), try staff.activeOwnerCount(db) <= 1 {
                    throw ShopError.conflict(Self.lastOwnerMessage)
                }
                try staff.update(db, member, now: at)
                if !member.active { try sessions.deleteAll(db, staffId: id) }
                try AuditLog.record(db, AuditEntry(staffId: actor?.id, action: action, target: "staff:\(id)",
                                                   before: before, after: after, address: address), now: at)
                return member
            }
        }
    }

    // MARK: Sign-in and sessions

    /// The active member whose id and password these are; `.throttled` while the id or address is locked,
    /// `.unauthorized` otherwise. Both outcomes are audited.
    public func signIn(id rawId: String, password: String, address: String) async throws(ShopError) -> StaffMember {
        let id = rawId.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        var formatErrors = ValidationErrors()
        _ = Self.validId(id, into: &formatErrors)
        let possibleId = formatErrors.isEmpty
        let keys = (possibleId ? ["staff:account:" + id] : []) + ["staff:address:" + address]
        let at = now(), throttle = self.throttle
        if let until = try await ShopError.mapping({ try await throttle.lockedUntil(keys: keys, now: at) }) {
            try await audit(AuditEntry(staffId: nil, action: .signInFailed, target: "staff:\(TextLength.prefix(id, 40))",
                                       after: "잠김", address: address))
            throw .throttled(minutes: AccountService.minutes(from: at, to: until))
        }
        let found = possibleId ? try await ShopError.mapping { try await database.read { [staff] db in try staff.credentials(db, id: id) } } : nil
        let hasher = self.hasher, storedHash = found?.passwordHash ?? dummyHash
        let matches = await BlockingWork.run { hasher.verify(password, against: storedHash) }
        guard let found, matches, found.member.active else {
            let lock = try await ShopError.mapping { try await throttle.recordFailure(keys: keys, now: at) }
            try await audit(AuditEntry(staffId: nil, action: .signInFailed, target: "staff:\(TextLength.prefix(id, 40))",
                                       address: address))
            if let lock { throw .throttled(minutes: AccountService.minutes(from: at, to: lock)) }
            throw .unauthorized
        }
        try await ShopError.mapping { try await throttle.reset(key: "staff:account:" + id) }
        return found.member
    }

    /// A new session for `member` (the one the browser had, if any, deleted), with its sign-in audited.
    public func startSession(for member: StaffMember, replacing previous: String?, address: String) async throws(ShopError) -> String {
        let id = SecureToken.hex(), at = now(), idle = idleSeconds, lifetime = lifetimeSeconds
        try await ShopError.mapping {
            try await database.write { [sessions] db in
                if let previous, SessionService.isWellFormedId(previous) { try sessions.delete(db, id: previous) }
                try sessions.create(db, id: id, staffId: member.id, now: at, idle: idle, lifetime: lifetime)
                try AuditLog.record(db, AuditEntry(staffId: member.id, action: .signIn, target: "staff:\(member.id)",
                                                   address: address), now: at)
            }
        }
        return id
    }

    /// The member of a live session, moving its idle deadline forward (at most once a minute, to spare writes).
    public func session(_ id: String) async throws(ShopError) -> StaffMember? {
        guard SessionService.isWellFormedId(id) else { return nil }
        let at = now(), idle = idleSeconds
        return try await ShopError.mapping {
            guard let found = try await database.read({ [sessions] db in try sessions.find(db, id: id, now: at) }) else { return nil }
            if found.expiresAt - at.unixSeconds < Int64(idle - 60) {
                try await database.write { [sessions] db in try sessions.touch(db, id: id, now: at, idle: idle) }
            }
            return found.member
        }
    }

    /// Ends the session (sign-out), audited when it belonged to `member`.
    public func endSession(_ id: String, member: StaffMember?, address: String) async throws(ShopError) {
        guard SessionService.isWellFormedId(id) else { return }
        let at = now()
        try await ShopError.mapping {
            try await database.write { [sessions] db in
                try sessions.delete(db, id: id)
                if let member {
                    try AuditLog.record(db, AuditEntry(staffId: member.id, action: .signOut, target: "staff:\(member.id)",
                                                       address: address), now: at)
                }
            }
        }
    }

    // MARK: Helpers

    private func audit(_ entry: AuditEntry) async throws(ShopError) {
        let at = now()
        try await ShopError.mapping { try await database.write { db in try AuditLog.record(db, entry, now: at) } }
    }

    private func hashed(_ password: String) async throws(ShopError) -> String {
        let hasher = self.hasher
        let result = await BlockingWork.run { Result { () throws(PasswordHasher.Failure) -> String in try hasher.hash(password) } }
        switch result {
        case .success(let hash): return hash
        case .failure(let failure): throw .unavailable(reason: "password hashing failed: \(failure)")
        }
    }

    /// The id lowercased and trimmed, with a message in `errors` when it breaks the rule.
    static func validId(_ raw: String, into errors: inout ValidationErrors) -> String {
        let id = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        if !allowed || id.utf8.count < 3 || id.utf8.count > 30 { errors[idField] = idMessage }
        return id
    }
}

/// Persistence outcomes of staff writes that the service turns into messages.
enum StaffError: Error {
    case idTaken
}
