import Database
import Testing
@testable import Storefront

@Suite("PaymentRepository")
struct PaymentRepositoryTests {
    private func record(_ orderId: String, key: String = "pk_1", status: StoredPayment.Status = .done) -> StoredPayment {
        StoredPayment(paymentKey: key, orderId: orderId, method: "카드", totalPrice: 10_000, totalAmount: 10_000,
                          balanceAmount: 10_000, status: status, approvedAt: "2024-01-01T10:00:00+09:00", rawResponse: "{}")
    }

    @Test("a saved payment is found by payment key and by order id, and saving again updates it", arguments: TestDatabases.engines)
    func saveAndFind(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let order = try await shop.order(userId: try await shop.user(), [(try await shop.product().id, 1)])
            var payment = record(order.orderId, status: .waitingForDeposit)
            payment.virtualAccountNumber = "X1234567890"
            payment.secret = "ps_secret"
            try await shop.write { [payment] db in try PaymentRepository().save(db, payment) }
            #expect(try await shop.read { db in try PaymentRepository().find(db, paymentKey: "pk_1") } == payment)
            payment.status = .done
            try await shop.write { [payment] db in try PaymentRepository().save(db, payment) }
            #expect(try await shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) } == payment)
            #expect(try await shop.count("toss_payment") == 1)
        }
    }

    @Test("two saves of one new payment at once both succeed and store one record", arguments: TestDatabases.engines)
    func concurrentSavesOfANewPayment(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 20)
            for index in 0..<10 {
                let order = try await shop.order(userId: user, [(product.id, 1)])
                let payment = record(order.orderId, key: "pk_race_\(index)")
                let outcomes = try await concurrently(2) { _ in try await shop.write { db in try PaymentRepository().save(db, payment) } }
                #expect(outcomes == [.saved, .saved])
            }
            #expect(try await shop.count("toss_payment") == 10)
        }
    }

    @Test("how a payment was made (the provider's receipt lines, where the money came from, the account and its holder) is stored and read back",
          arguments: TestDatabases.engines)
    func displayFieldsRoundTrip(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let order = try await shop.order(userId: try await shop.user(), [(try await shop.product().id, 1)])
            var payment = record(order.orderId)
            payment.receiptLines = [.init("간편결제", "토스페이"), .init("카드", "신한카드 12345678****000*")]
            payment.paidFrom = "신한카드 12345678****000*"
            payment.virtualAccountNumber = "110-123-456789"
            payment.virtualAccountOwner = "주식회사 예시"
            payment.discount = 1_000
            try await shop.write { [payment] db in try PaymentRepository().save(db, payment) }
            #expect(try await shop.read { db in try PaymentRepository().find(db, paymentKey: "pk_1") } == payment)
        }
    }

    @Test("inserting the same payment key twice is a unique violation", arguments: TestDatabases.engines)
    func duplicateKey(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let order = try await shop.order(userId: try await shop.user(), [(try await shop.product().id, 1)])
            try await shop.write { db in try PaymentRepository().save(db, record(order.orderId)) }
            let error = await #expect(throws: DatabaseError.self) {
                try await shop.database.write { [payments = shop.payments] db in try payments.insert(db, record(order.orderId)) }
            }
            #expect(error?.isUniqueConstraint == true)
        }
    }

    @Test("a payment for an order that does not exist is refused", arguments: TestDatabases.engines)
    func unknownOrder(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let error = await #expect(throws: DatabaseError.self) { try await shop.write { db in try PaymentRepository().save(db, record("ord_nowhere")) } }
            #expect(error?.isForeignKeyConstraint == true)
        }
    }

    @Test("updating a payment that was never inserted reports false", arguments: TestDatabases.engines)
    func updateMissing(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let updated = try await shop.database.write { [payments = shop.payments] db in try payments.update(db, record("ord_x12345")) }
            #expect(!updated)
        }
    }
}
