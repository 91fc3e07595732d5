import HTTP
import Mustache

/// `/admin/staff`: the owner's staff management: the list, adding a member, disabling and re-enabling one, and
/// changing a role. Owners only (`require(.owner)`); every change is audited by `StaffService` in its transaction.
struct AdminStaffPages: Sendable {
    let staff: StaffService
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/staff") { request, context in
            try context.require(.owner)
            return try await list(request, form: nil)
        }
        group.post("/staff") { request, context in
            try context.require(.owner)
            return try await add(request, context: context)
        }
        group.post("/staff/:id/role") { request, context in
            try context.require(.owner)
            let form = try request.pageForm()
            guard let role = StaffRole(rawValue: form[StaffService.roleField] ?? "") else { throw HTTPError(.badRequest, "역할을 골라 주세요.") }
            try await staff.changeRole(id: request.parameters["id"] ?? "", to: role, by: context.staff, address: context.remoteAddress)
            return cookies.flashRedirect("/admin/staff", .staffUpdated)
        }
        group.post("/staff/:id/active") { request, context in
            try context.require(.owner)
            let form = try request.pageForm()
            try await staff.setActive(id: request.parameters["id"] ?? "", form["active"] == "1", by: context.staff,
                                      address: context.remoteAddress)
            return cookies.flashRedirect("/admin/staff", .staffUpdated)
        }
    }

    /// What the add form held when it comes back refused (never the password).
    struct AddForm {
        var id = "", name = "", role = StaffRole.operator
        var errors: ValidationErrors = [:]
    }

    func list(_ request: Request, form: AddForm?, status: HTTPStatus = .ok) async throws -> Response {
        let members = try await staff.list()
        let form = form ?? AddForm()
        return renderer.page("admin/staff", title: "직원", area: "staff", [
            "members": .array(members.map { member in
                .object([
                    "id": .string(member.id), "memberName": .string(member.name), "roleLabel": .string(member.role.label),
                    "active": .bool(member.active), "isOwnerRole": .bool(member.role == .owner),
                    "createdAtText": .string(PageContext.dateText(member.createdAt)),
                ])
            }),
            "form": .object([
                "id": .string(form.id), "memberName": .string(form.name),
                "roles": .array(StaffRole.allCases.map { role in
                    .object(["value": .string(role.rawValue), "label": .string(role.label), "selected": .bool(role == form.role)])
                }),
                "errors": PageContext.errors(form.errors, names: [StaffService.idField: "id", StaffService.nameField: "memberName"]),
                "errorSummary": PageContext.errorSummary(form.errors, fields: [
                    .init(name: StaffService.idField, inputId: "staff-id", label: "아이디"),
                    .init(name: StaffService.nameField, inputId: "staff-name", label: "이름"),
                    .init(name: StaffService.passwordField, inputId: "staff-password", label: "비밀번호"),
                ]),
            ]),
            "passwordRule": .string(AccountRules.passwordRule),
        ], for: request, status: status)
    }

    func add(_ request: Request, context: StaffContext) async throws -> Response {
        let form = try request.pageForm()
        let role = StaffRole(rawValue: form[StaffService.roleField] ?? "") ?? .operator
        var kept = AddForm(id: TextLength.prefix(form[StaffService.idField] ?? "", 30),
                           name: TextLength.prefix(form[StaffService.nameField] ?? "", 50), role: role)
        do {
            _ = try await staff.add(id: form[StaffService.idField] ?? "", name: form[StaffService.nameField] ?? "", role: role,
                                    password: form[StaffService.passwordField] ?? "", by: context.staff, address: context.remoteAddress)
            return cookies.flashRedirect("/admin/staff", .staffAdded)
        } catch {
            guard case .validation(let errors) = error else { throw error }
            kept.errors = errors
            return try await list(request, form: kept, status: error.status)
        }
    }
}
