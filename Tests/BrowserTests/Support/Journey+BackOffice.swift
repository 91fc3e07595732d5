import Foundation
import Testing
import TestSupport
@testable import Storefront

/// The steps an operator takes in the back office, through its own sign-in form, in the same browser as the
/// shopper (the back office's cookies are its own, under /admin).
extension Journey {
    static let staffPassword = "operator pass 1"

    /// Creates the staff member `id` (as `storefront staff add` does) and signs in at /admin/login, arriving at
    /// the dashboard.
    func signInToBackOffice(as id: String = "ops", role: StaffRole = .operator) async throws {
        let staff = StaffService(database: live.database, passwordCost: 4)
        _ = try await staff.add(id: id, name: "김운영", role: role, password: Self.staffPassword, by: nil, address: "journey")
        try await open("/admin/login", as: "admin-login")
        try await fill("staff-id", id)
        try await fill("password", Self.staffPassword)
        try await press("로그인", arrivingAt: "admin-dashboard")
    }
}
