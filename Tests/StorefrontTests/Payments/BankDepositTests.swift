import Database
import Foundation
import PluginKit
import Testing
@testable import Storefront

@Suite("무통장입금: waiting for, matching and expiring deposits")
struct BankDepositTests {
    @Test("a bank transfer order waits for its deposit with the shop's account, the exact amount and a deadline", arguments: TestDatabases.engines)
    func waitsWithAccount(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            let order = try await s.waitingOrder(quantity: 2)
            #expect(order.status == .waitingForDeposit)
            let payment = try #require(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) })
            #expect(payment.virtualAccountBank == "신한은행" && payment.virtualAccountNumber == "110-123-456789")
            #expect(payment.virtualAccountOwner == "주식회사 예시" && payment.virtualAccountHolder == nil)
            #expect(payment.balanceAmount == 25_800)
            let due = try #require(payment.virtualAccountDueDate.flatMap(ProviderTimestamp.parse))
            #expect(abs(due.timeIntervalSinceNow - 72 * 3600) < 120)
        }
    }

    @Test("an operator's match pays the order once; a second match changes nothing", arguments: TestDatabases.engines)
    func matchOnce(on engine: DatabaseEngine) async throws {
        try await withBankTransferShop(on: engine) { s in
            let order = try await s.waitingOrder()
            let paid = try await s.deposits.match(orderId: order.orderId, deposit: BankDeposit(depositor: "홍길동", amount: 12_900))
            #expect(paid.status == .paid)
            await #expect(throws: ShopError.self) {
                _ = try await s.deposits.match(orderId: order.orderId, deposit: BankDeposit(depositor: "홍길동", amount: 12_900))
            }
            let topics = try await s.shop.read { db in try OutboxRepository().unsent(db) }.map(\.topic)
            #expect(topics.filter { $0 == "order.paid" }.count == 1)
        }
    }

    @Test("a deposit of another amount is refused and the order keeps waiting")
    func wrongAmount() async throws {
        try await withBankTransferShop { s in
            let order = try await s.waitingOrder()
            await #expect(throws: ShopError.validation(["amount": "입금액 12,000원이 주문 금액 12,900원과 다릅니다."])) {
                _ = try await s.deposits.match(orderId: order.orderId, deposit: BankDeposit(depositor: "홍길동", amount: 12_000))
            }
            #expect(try await s.status(order.orderId) == .waitingForDeposit)
        }
    }

    @Test("a statement pays the one order its row fits by amount and 입금자명, and leaves rows fitting two or none for a person")
    func importStatement() async throws {
        try await withBankTransferShop { s in
            let kim = try await s.waitingOrder(customerName: "김철수")
            let twinA = try await s.waitingOrder(customerName: "홍길동")
            let twinB = try await s.waitingOrder(customerName: "홍길동")
            let results = try await s.deposits.importStatement([
                BankDeposit(depositor: "김 철수", amount: 12_900), BankDeposit(depositor: "홍길동", amount: 12_900),
                BankDeposit(depositor: "이영희", amount: 12_900),
            ]).map(\.result)
            #expect(results == [.matched(orderId: kim.orderId), .ambiguous(orderIds: [twinA.orderId, twinB.orderId]), .unmatched])
            #expect(try await s.status(kim.orderId) == .paid)
            #expect(try await s.status(twinA.orderId) == .waitingForDeposit)
            #expect(try await s.status(twinB.orderId) == .waitingForDeposit)
        }
    }

    @Test("an order left unpaid expires at its deadline and its stock returns")
    func expiresAtDeadline() async throws {
        try await withBankTransferShop(stock: 5) { s in
            let order = try await s.waitingOrder(quantity: 2)
            #expect(try await s.shop.stock(s.product.id) == 3)
            let reconciler = Reconciler(flow: s.flow)
            #expect(await reconciler.runOnce(now: Date().addingTimeInterval(71 * 3600)).expired == 0)
            #expect(await reconciler.runOnce(now: Date().addingTimeInterval(73 * 3600)).expired == 1)
            #expect(try await s.status(order.orderId) == .expired)
            #expect(try await s.shop.stock(s.product.id) == 5)
        }
    }

    @Test("a refund after the deposit needs the shopper's account and is recorded for the operator's transfer, the number masked")
    func manualRefund() async throws {
        try await withBankTransferShop { s in
            let order = try await s.waitingOrder()
            _ = try await s.deposits.match(orderId: order.orderId, deposit: BankDeposit(depositor: "홍길동", amount: 12_900))
            await #expect(throws: ShopError.self) { _ = try await s.flow.cancel(userId: s.userId, orderId: order.orderId) }
            #expect(try await s.status(order.orderId) == .paid)
            let canceled = try await s.flow.cancel(userId: s.userId, orderId: order.orderId,
                                                   refundAccount: RefundAccountInput(bankCode: "088", accountNumber: "110987654321", holderName: "홍길동"))
            #expect(canceled.status == .canceled)
            let payment = try #require(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) })
            #expect(payment.balanceAmount == 0 && payment.refundedAmount == 12_900)
            let raw = payment.rawResponse ?? ""
            #expect(!raw.contains("110987654321") && raw.contains("110*****4321"))
        }
    }

    @Test("canceling before the deposit withdraws the account and returns the stock")
    func voidBeforeDeposit() async throws {
        try await withBankTransferShop(stock: 5) { s in
            let order = try await s.waitingOrder()
            #expect(try await s.flow.cancel(userId: s.userId, orderId: order.orderId).status == .canceled)
            #expect(try await s.shop.stock(s.product.id) == 5)
            await #expect(throws: ShopError.self) {
                _ = try await s.deposits.match(orderId: order.orderId, deposit: BankDeposit(depositor: "홍길동", amount: 12_900))
            }
        }
    }
}
