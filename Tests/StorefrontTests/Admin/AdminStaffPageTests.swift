import HTTP
import TestSupport
import Testing
@testable import Storefront

@Suite("Back-office staff and audit pages over HTTP")
struct AdminStaffPageTests {
    @Test("an owner adds an operator from the staff page, and the audit log names who did it and from where")
    func addMember() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("boss")
            let response = try await browser.adminSubmit("/admin/staff", fields: [
                ("staff_id", "ops.lee"), ("name", "이운영"), ("password", "long enough 1"), ("role", "operator"),
            ])
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.texts("//table//tbody/tr/td[1]").contains("ops.lee"))
            #expect(page.text("//div[contains(@class,'flash')]") == AdminFlash.staffAdded.message)
            let added = try #require(try await shop.audit(.init(action: .staffCreated)).first)
            #expect(added.entry.staffId == "boss")
            #expect(added.entry.target == "staff:ops.lee")
            #expect(added.entry.address == "127.0.0.1")
        }
    }

    @Test("a refused addition shows each field's message with a summary, keeps what was typed but the password, adds nobody")
    func refusedAddition() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("boss")
            let response = try await browser.adminSubmit("/admin/staff", fields: [
                ("staff_id", "<b>"), ("name", "이운영"), ("password", "short"), ("role", "operator"),
            ])
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='staff-id-error']") == StaffService.idMessage)
            #expect(page.text("//p[@id='staff-password-error']") == AccountRules.passwordShortMessage)
            #expect(page.first("//input[@id='staff-id']")?.attribute("value") == "<b>")
            #expect(page.first("//input[@id='staff-password']")?.attribute("value") == nil)
            #expect(page.xpath("//div[@class='error-summary']//li").count == 2)
            #expect(try await shop.staff.list().count == 1)
        }
    }

    @Test("an owner disables and re-enables a member and changes a role; the last owner cannot be demoted (409)")
    func changes() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("boss")
            try await shop.member("lee", role: .operator)
            _ = try await browser.adminSubmit("/admin/staff/lee/active", fields: [("active", "0")])
            #expect(try await shop.staff.member(id: "lee")?.active == false)
            _ = try await browser.adminSubmit("/admin/staff/lee/active", fields: [("active", "1")])
            _ = try await browser.adminSubmit("/admin/staff/lee/role", fields: [("role", "owner")])
            #expect(try await shop.staff.member(id: "lee")?.role == .owner)
            _ = try await browser.adminSubmit("/admin/staff/lee/role", fields: [("role", "operator")])
            let refused = try await browser.adminSubmit("/admin/staff/boss/role", fields: [("role", "operator")])
            #expect(refused.status == 409)
            #expect(try refused.page().errorMessage == StaffService.lastOwnerMessage)
            let actions = try await shop.audit(.init(staffId: "boss")).map(\.entry.action)
            #expect(actions.filter { $0 == .staffRoleChanged }.count == 2)
            #expect(actions.contains(.staffDisabled) && actions.contains(.staffEnabled))
        }
    }

    @Test("an operator does not see the staff area in the nav and is refused it with the admin 403 page")
    func operatorRefused() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("ops", role: .operator)
            let dashboard = try await browser.get("/admin").page()
            #expect(dashboard.first("//nav//a[@href='/admin/staff']") == nil)
            let response = try await browser.get("/admin/staff")
            #expect(response.status == 403)
            let page = try response.page()
            #expect(page.errorMessage == StaffContext.forbiddenMessage)
            #expect(page.first("//form[@action='/admin/logout']") != nil, "the error shows in the back office's layout")
        }
    }

    @Test("the audit page lists entries newest first and filters by staff, action and date, keeping the filter in paging")
    func auditPage() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("boss")
            try await shop.member("lee", role: .operator)
            _ = try await browser.adminSubmit("/admin/logout", fields: [])
            _ = try await browser.adminSubmit("/admin/login", fields: [("staff_id", "boss"), ("password", "wrong wrong")])
            _ = try await browser.adminSubmit("/admin/login", fields: [("staff_id", "boss"), ("password", PageShop.staffPassword)])
            let all = try await browser.get("/admin/audit").page()
            #expect(all.texts("//table//tbody/tr/td[3]") == ["로그인", "로그인 실패", "로그아웃", "직원 추가", "로그인", "직원 추가"])
            let failures = try await browser.get("/admin/audit?action=staff.sign_in_failed").page()
            #expect(failures.texts("//table//tbody/tr/td[4]") == ["staff:boss"])
            let byBoss = try await browser.get("/admin/audit?staff=boss").page()
            #expect(byBoss.texts("//table//tbody/tr/td[2]").allSatisfy { $0 == "boss" })
            let today = KoreaDate.field(KoreaDate.startOfDay(.now))
            let dated = try await browser.get("/admin/audit?from=\(today)&until=\(today)").page()
            #expect(dated.texts("//table//tbody/tr").count == 6)
            let past = try await browser.get("/admin/audit?from=2001-01-01&until=2001-01-02").page()
            #expect(past.text("//p[@class='empty-state']") == "조건에 맞는 기록이 없습니다.")
        }
    }
}
