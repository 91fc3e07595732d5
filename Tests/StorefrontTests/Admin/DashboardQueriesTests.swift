import Database
import Foundation
import Testing
@testable import Storefront

@Suite("Dashboard queries")
struct DashboardQueriesTests {
    @Test("an empty shop reads as zeros on both engines, with 30 days for the chart", arguments: TestDatabases.engines)
    func emptyShop(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let snapshot = try await shop.read { db in try DashboardQueries().snapshot(db, now: now) }
            #expect(snapshot.today == .init(orders: 0, revenue: 0))
            #expect(snapshot.week == .init(orders: 0, revenue: 0))
            #expect(snapshot.days.count == 30)
            #expect(snapshot.days.last?.start == KoreaDate.startOfDay(now))
            #expect(snapshot.byStatus.allSatisfy { $0.count == 0 })
            #expect(snapshot.stuckConfirming.isEmpty)
        }
    }

    @Test("Korea days start at 15:00 UTC and weeks on Monday")
    func koreaDays() throws {
        // 2026-12-02 (Wednesday) 16:00 UTC is Thursday 01:00 in Seoul.
        let instant = Date(timeIntervalSince1970: 1_796_227_200)
        #expect(KoreaDate.field(instant) == "2026-12-03")
        #expect(KoreaDate.field(KoreaDate.startOfWeek(instant)) == "2026-11-30")
        #expect(KoreaDate.startOfDay(instant).timeIntervalSince1970 == 1_796_227_200 - 3600)
        #expect(KoreaDate.parse("2026-02-30") == nil)
        #expect(KoreaDate.parse("2026-12-03") == KoreaDate.startOfDay(instant))
        #expect(KoreaDate.parse("<script>") == nil)
    }
}
