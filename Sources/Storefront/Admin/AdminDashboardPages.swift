import Database
import HTTP
import Mustache

/// `/admin`: the dashboard every member lands on.
struct AdminDashboardPages: Sendable {
    let database: any DatabaseWriter
    let renderer: AdminRenderer

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/") { request, staff in
            renderer.page("admin/dashboard", title: "대시보드", area: "dashboard", [:], for: request)
        }
    }
}
