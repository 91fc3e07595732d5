import Database
import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Staff accounts")
struct StaffServiceTests {
    private func service(_ shop: Shop) -> StaffService { StaffService(database: shop.database, passwordCost: 4) }

    @Test("a member is added with a bcrypt hash, never the password, and the addition is audited", arguments: TestDatabases.engines)
    func add(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let member = try await service(shop).add(id: " Kim ", name: "김소유", role: .owner, password: "long enough 1",
                                                     by: nil, address: "cli")
            #expect(member.id == "kim")
            let hash = try await shop.read { db in try StaffRepository().credentials(db, id: "kim") }?.passwordHash
            #expect(hash?.hasPrefix("$2b$04$") == true)
            let audit = try await shop.read { db in try AuditLog.entries(db, .init(), limit: 10, offset: 0) }
            #expect(audit.records.map(\.entry.action) == [.staffCreated])
            #expect(audit.records.first?.entry.address == "cli")
        }
    }

    @Test("a bad id, an empty name, a weak password and a taken id are refused field by field, nothing written",
          arguments: TestDatabases.engines)
    func refusals(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let staff = service(shop)
            await #expect(throws: ShopError.validation([StaffService.idField: StaffService.idMessage,
                                                        StaffService.nameField: AccountRules.nameMessage,
                                                        StaffService.passwordField: AccountRules.passwordCommonMessage])) {
                _ = try await staff.add(id: "k!", name: "", role: .operator, password: "12345678", by: nil, address: "cli")
            }
            _ = try await staff.add(id: "kim", name: "김", role: .operator, password: "long enough 1", by: nil, address: "cli")
            await #expect(throws: ShopError.validation([StaffService.idField: StaffService.idTakenMessage])) {
                _ = try await staff.add(id: "kim", name: "김", role: .operator, password: "long enough 1", by: nil, address: "cli")
            }
            #expect(try await staff.list().count == 1)
        }
    }

    @Test("the last active owner can be neither disabled nor made an operator", arguments: TestDatabases.engines)
    func lastOwner(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let staff = service(shop)
            _ = try await staff.add(id: "boss", name: "사장", role: .owner, password: "long enough 1", by: nil, address: "cli")
            await #expect(throws: ShopError.conflict(StaffService.lastOwnerMessage)) {
                try await staff.setActive(id: "boss", false, by: nil, address: "cli")
            }
            await #expect(throws: ShopError.conflict(StaffService.lastOwnerMessage)) {
                try await staff.changeRole(id: "boss", to: .operator, by: nil, address: "cli")
            }
            _ = try await staff.add(id: "second", name: "부사장", role: .owner, password: "long enough 1", by: nil, address: "cli")
            let demoted = try await staff.changeRole(id: "boss", to: .operator, by: nil, address: "cli")
            #expect(demoted.role == .operator)
            let changes = try await shop.read { db in try AuditLog.entries(db, .init(action: .staffRoleChanged), limit: 10, offset: 0) }
            #expect(changes.records.map { [$0.entry.before, $0.entry.after] } == [["소유자", "운영자"]])
        }
    }

    @Test("a session ends after the idle time and never outlives its lifetime", arguments: TestDatabases.engines)
    func sessionExpiry(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let staff = StaffService(database: shop.database, passwordCost: 4, idleSeconds: 600, lifetimeSeconds: 3600,
                                     now: { clock.now })
            let member = try await staff.add(id: "kim", name: "김", role: .owner, password: "long enough 1", by: nil, address: "t")
            let id = try await staff.startSession(for: member, replacing: nil, address: "t")
            clock.advance(by: 590)
            #expect(try await staff.session(id)?.id == "kim")
            clock.advance(by: 590)
            #expect(try await staff.session(id)?.id == "kim", "a request moved the idle deadline forward")
            for _ in 0..<5 { clock.advance(by: 500); _ = try await staff.session(id) }
            #expect(try await staff.session(id) == nil, "past the lifetime however busy")
            let idle = try await staff.startSession(for: member, replacing: nil, address: "t")
            clock.advance(by: 601)
            #expect(try await staff.session(idle) == nil)
        }
    }

    @Test("the audit log refuses UPDATE and DELETE on both engines", arguments: TestDatabases.engines)
    func appendOnly(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            _ = try await service(shop).add(id: "kim", name: "김", role: .owner, password: "long enough 1", by: nil, address: "t")
            await #expect(throws: (any Error).self) {
                try await shop.database.write { db in _ = try db.execute("UPDATE audit_log SET target = 'x'", []) }
            }
            await #expect(throws: (any Error).self) {
                try await shop.database.write { db in _ = try db.execute("DELETE FROM audit_log", []) }
            }
            let kept = try await shop.read { db in try AuditLog.entries(db, .init(), limit: 10, offset: 0) }
            #expect(kept.records.map(\.entry.target) == ["staff:kim"])
        }
    }
}

