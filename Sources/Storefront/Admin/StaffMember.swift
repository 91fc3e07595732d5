import Foundation

/// What a staff member may do in the back office. `owner` may do everything, staff management included;
/// `operator` runs the shop (products, stock, orders, refunds) but not the staff.
public enum StaffRole: String, Sendable, CaseIterable, Comparable {
    case `operator`
    case owner

    /// The Korean name shown on pages.
    public var label: String {
        switch self {
        case .owner: "소유자"
        case .operator: "운영자"
        }
    }

    /// Whether this role includes everything `other` may do (an owner may do what an operator may).
    public func includes(_ other: StaffRole) -> Bool { self >= other }

    public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool { lhs.rank < rhs.rank }
    private var rank: Int { self == .owner ? 1 : 0 }
}

/// A person who runs the shop: their sign-in id, name, role and whether they may sign in. Never carries the
/// password hash (see `StaffCredentials`), so a member can be handed to pages and logs freely.
public struct StaffMember: Sendable, Equatable {
    /// The sign-in id (`kim`, `ops.lee`): 3–30 of a–z 0–9 . _ -, fixed once created.
    public let id: String
    public var name: String
    public var role: StaffRole
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, name: String, role: StaffRole, active: Bool, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A staff member with their bcrypt hash, for sign-in only.
struct StaffCredentials: Sendable {
    let member: StaffMember
    let passwordHash: String
}
