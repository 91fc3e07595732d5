import Database
import Foundation
import PluginKit
import Synchronization
import Testing
@testable import Storefront

/// A deposit matched while something else happens to its order: another operator's match, the shopper's cancel,
/// the deadline. Whatever wins, the method's ledger and the order agree: a deposit is recorded only on an order
/// that is paid, and a refused match says to send the money back.
@Suite("무통장입금 races: a deposit matched while the order changes")
struct BankDepositRaceTests {
    /// What an operator's match answered.
    enum Answer: Sendable, Equatable {
        case paid
        case refused(String)
    }

    /// How many audit entries the matches wrote.
    final class Audits: Sendable {
        let count = Mutex(0)
    }

    static func match(_ s: BankTransferShop, _ order: Order, audits: Audits? = nil) async -> Answer {
        do throws(ShopError) {
            _ = try await s.deposits.match(orderId: order.orderId, deposit: BankDeposit(depositor: "홍길동", amount: order.totalPrice)) { _, _, _ in
                audits?.count.withLock { $0 += 1 }
            }
            return .paid
        } catch {
            return .refused(error.message)
        }
    }

    /// The payment as the 무통장입금 method's ledger holds it.
    static func ledger(_ s: BankTransferShop, _ order: Order) async throws -> PaymentRecord {
        let method = try #require(s.flow.methods["banktransfer.account"])
        return try #require(try await method.status(orderId: order.orderId))
    }

    @Test("two operators matching one order at once pay it once: one order.paid event and one audit entry",
          arguments: TestDatabases.engines)
    func twoOperators(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            let order = try await s.waitingOrder()
            let audits = Audits()
            let answers = try await concurrently(2) { _ in await Self.match(s, order, audits: audits) }
            #expect(answers.contains(.paid))
            #expect(try await s.status(order.orderId) == .paid)
            #expect(audits.count.withLock { $0 } == 1)
            let topics = try await s.shop.read { db in try OutboxRepository().unsent(db) }.map(\.topic)
            #expect(topics.filter { $0 == "order.paid" }.count == 1)
        }
    }

    @Test("a match and the shopper's cancel at the same moment: paid with the cancel refused, or canceled with the match refused saying to send the money back",
          arguments: TestDatabases.engines)
    func matchWhileShopperCancels(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            for _ in 0..<4 {
                let order = try await s.waitingOrder()
                async let matched = Self.match(s, order)
                async let canceled: Bool = (try? await s.flow.cancel(userId: s.userId, orderId: order.orderId)) != nil
                let (answer, cancelWentThrough) = await (matched, canceled)
                let ledger = try await Self.ledger(s, order)
                switch try await s.status(order.orderId) {
                case .paid:
                    #expect(answer == .paid && !cancelWentThrough && ledger.status == .done)
                case .canceled:
                    #expect(cancelWentThrough && ledger.status == .canceled && ledger.receiptLines.value("입금 확인") == nil)
                    #expect(answer == .refused(BankDeposits.withdrawn) || answer == .refused(BankDeposits.notWaiting(.canceled)))
                case let other:
                    Issue.record("the order ended \(String(describing: other))")
                }
            }
        }
    }

    @Test("an order expired at its deadline refuses a deposit matched after it, says to send the money back, and records nothing")
    func depositAfterExpiry() async throws {
        try await withBankTransferShop(stock: 5) { s in
            let order = try await s.waitingOrder()
            #expect(await Reconciler(flow: s.flow).runOnce(now: Date().addingTimeInterval(73 * 3600)).expired == 1)
            let answer = await Self.match(s, order)
            #expect(answer == .refused(BankDeposits.notWaiting(.expired)))
            #expect(BankDeposits.notWaiting(.expired).contains("입금 기한이 지나"))
            #expect(try await s.status(order.orderId) == .expired)
            #expect(try await Self.ledger(s, order).status == .canceled, "the account was withdrawn at the deadline")
            #expect(try await s.shop.stock(s.product.id) == 5)
        }
    }

    @Test("a match and the expiry at the same moment: paid, or expired with the match refused; a deposit is never recorded on an expired order",
          arguments: TestDatabases.engines)
    func matchWhileExpiring(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            let reconciler = Reconciler(flow: s.flow)
            for _ in 0..<4 {
                let order = try await s.waitingOrder()
                async let matched = Self.match(s, order)
                async let expired = reconciler.expireIfPastDue(order, now: Date().addingTimeInterval(73 * 3600))
                let (answer, _) = await (matched, expired)
                let ledger = try await Self.ledger(s, order)
                switch try await s.status(order.orderId) {
                case .paid:
                    #expect(ledger.status == .done)
                case .expired, .canceled:
                    #expect(ledger.status == .canceled && ledger.receiptLines.value("입금 확인") == nil)
                    #expect(answer != .paid)
                case let other:
                    Issue.record("the order ended \(String(describing: other))")
                }
            }
        }
    }
}
