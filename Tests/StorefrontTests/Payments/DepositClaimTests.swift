import Database
import Foundation
import Testing
@testable import Storefront

/// One deposit on a bank statement pays one order: picked twice for two orders (two operators, a back button on
/// the statement page), or found again in an overlapping export, it is refused naming the order it paid.
@Suite("무통장입금: one statement deposit, one order")
struct DepositClaimTests {
    /// 홍길동's deposit of 12,900원 as the bank printed it at `time`.
    static func deposit(at time: String = "2026-12-02 10:05") -> BankDeposit {
        BankDeposit(depositor: "홍길동", amount: 12_900, reference: time, transactedAt: time)
    }

    static func match(_ s: BankTransferShop, _ order: Order, _ deposit: BankDeposit) async -> String? {
        do throws(ShopError) {
            _ = try await s.deposits.match(orderId: order.orderId, deposit: deposit)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("a statement row picked for two orders at once pays one; the other pick is refused naming the order it paid",
          arguments: TestDatabases.engines)
    func twoPicksAtOnce(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            let twins = [try await s.waitingOrder(), try await s.waitingOrder()]
            let refusals = try await concurrently(2) { index in await Self.match(s, twins[index], Self.deposit()) }
            var paid: [String] = []
            for order in twins where try await s.status(order.orderId) == .paid { paid.append(order.orderId) }
            #expect(paid.count == 1)
            #expect(refusals.compactMap { $0 } == paid.map(BankDeposits.claimed(by:)))
        }
    }

    @Test("an overlapping statement imported after a pick does not pay the twin with the same deposit", arguments: TestDatabases.engines)
    func overlappingImport(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            let twinA = try await s.waitingOrder(), twinB = try await s.waitingOrder()
            #expect(await Self.match(s, twinA, Self.deposit()) == nil)
            let results = try await s.deposits.importStatement([Self.deposit()]).map(\.result)
            #expect(results == [.failed(orderId: twinB.orderId, message: BankDeposits.claimed(by: twinA.orderId))])
            #expect(try await s.status(twinB.orderId) == .waitingForDeposit)
        }
    }

    @Test("two deposits of one name and amount at different times pay two orders, and a typed one is not held")
    func distinctDeposits() async throws {
        try await withBankTransferShop { s in
            let first = try await s.waitingOrder(), second = try await s.waitingOrder(), third = try await s.waitingOrder()
            #expect(await Self.match(s, first, Self.deposit(at: "2026-12-02 10:05")) == nil)
            #expect(await Self.match(s, second, Self.deposit(at: "2026-12-02 10:07")) == nil)
            #expect(await Self.match(s, third, BankDeposit(depositor: "홍길동", amount: 12_900, reference: "직접 확인")) == nil)
            for order in [first, second, third] { #expect(try await s.status(order.orderId) == .paid) }
        }
    }

    @Test("a claim is the first order's for good, answered to every later claimant, and can be given back only by it",
          arguments: TestDatabases.engines)
    func repository(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            let a = try await s.waitingOrder(), b = try await s.waitingOrder()
            let claims = DepositClaimRepository()
            func claim(_ order: Order) async throws -> String? {
                try await s.shop.write { db in
                    try claims.claim(db, depositor: "홍길동", amount: 12_900, transactedAt: "t", orderId: order.orderId)
                }
            }
            #expect(try await claim(a) == a.orderId)
            #expect(try await claim(b) == a.orderId)
            try await s.shop.write { db in try claims.release(db, depositor: "홍길동", amount: 12_900, transactedAt: "t", orderId: b.orderId) }
            #expect(try await claim(b) == a.orderId)
            try await s.shop.write { db in try claims.release(db, depositor: "홍길동", amount: 12_900, transactedAt: "t", orderId: a.orderId) }
            #expect(try await claim(b) == b.orderId)
        }
    }
}
