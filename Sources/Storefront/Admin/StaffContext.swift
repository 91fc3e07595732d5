import HTTP

/// What a back-office handler receives beside the request: the signed-in staff member (never nil: the `/admin`
/// group's resolver refuses everyone else), the CSRF token for forms, the flash, and the client's address for the
/// audit log.
///
/// Guarantees: `init(signedIn:)` throws `HTTPError.redirect` to `/admin/login?next=…` unless
/// `StaffSessionMiddleware` found a live staff session (a shopper's session never counts); `require(_:)` throws
/// a 403 page unless the member's role includes the one asked for.
public struct StaffContext: Sendable {
    public let staff: StaffMember
    public let csrfToken: String
    public let flash: AdminFlash?
    public let remoteAddress: String

    /// The `/admin` group's resolver.
    public init(signedIn request: Request) throws(HTTPError) {
        let visit = request.staffVisit
        guard let staff = visit.staff else {
            let back = request.method == .GET ? request.target : "/admin"
            throw HTTPError.redirect(to: "/admin/login?next=" + PageContext.queryEncode(back))
        }
        self.staff = staff
        csrfToken = visit.csrfToken
        flash = visit.flash
        remoteAddress = request.remoteAddress
    }

    public static let forbiddenMessage = "이 화면은 소유자만 사용할 수 있습니다."

    /// Refuses (403, nothing done) a member whose role does not include `role`.
    public func require(_ role: StaffRole) throws(HTTPError) {
        guard staff.role.includes(role) else { throw HTTPError(.forbidden, Self.forbiddenMessage) }
    }

    /// An audit entry by this member from this address.
    public func audit(_ action: AuditAction, target: String, before: String? = nil, after: String? = nil) -> AuditEntry {
        AuditEntry(staffId: staff.id, action: action, target: target, before: before, after: after, address: remoteAddress)
    }
}

/// What `StaffSessionMiddleware` learned about a back-office request, signed in or not.
public struct StaffVisit: Sendable {
    public var staff: StaffMember?
    public var sessionId: String?
    public var csrfToken: String
    public var flash: AdminFlash?
}

extension Request {
    static let staffVisitKey = "storefront.staff"

    /// The back-office visit; an anonymous one without a token when the staff middleware did not run.
    public var staffVisit: StaffVisit {
        get { attributes[Self.staffVisitKey] as? StaffVisit ?? StaffVisit(staff: nil, sessionId: nil, csrfToken: "", flash: nil) }
        set { attributes[Self.staffVisitKey] = newValue }
    }
}
