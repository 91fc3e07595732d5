import Database
import Testing
@testable import Storefront

@Suite("PaymentLedgerRepository")
struct PaymentLedgerRepositoryTests {
    @Test("a free key is written once; a value is replaced only by a writer that expects it", arguments: TestDatabases.engines)
    func compareAndSet(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let ledger = DatabasePaymentLedger(database: shop.database)
            #expect(try await ledger.value("bt/1") == nil)
            #expect(try await ledger.store("bt/1", "a", replacing: nil))
            #expect(try await ledger.store("bt/1", "b", replacing: nil) == false)
            #expect(try await ledger.store("bt/1", "b", replacing: "stale") == false)
            #expect(try await ledger.store("bt/1", "b", replacing: "a"))
            #expect(try await ledger.value("bt/1") == "b")
        }
    }
}
