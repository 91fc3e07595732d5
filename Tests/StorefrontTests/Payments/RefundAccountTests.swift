import Foundation
import Logging
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// The refund account of a deposited virtual account through the payment flow, the path the shopper's cancel form
/// and the back office share: validated, sent to the provider as a `RefundDestination`, never logged in full.
@Suite("Refund accounts in the cancel flow")
struct RefundAccountTests {
    static let account = RefundAccountInput(bankCode: "88", accountNumber: "110-1234-5678", holderName: "홍길동")

    /// A virtual-account order whose deposit arrived, with a provider that needs an account to refund it.
    func depositedOrder(_ s: PaymentShop) async throws -> Order {
        s.method.state.withLock { $0.refundsNeedAccountAfterDeposit = true }
        let order = try await s.virtualAccountOrder()
        try await s.providerSays(.done)
        #expect(await s.flow.handleWebhook(body: DepositReversalTests.callback(order.orderId, status: "DONE")) == .handled)
        try #require(try await s.status(order.orderId) == .paid)
        return order
    }

    @Test("the account number never appears in full in the log; the refund's line shows it masked")
    func numberNeverLogged() async throws {
        let logs = InMemoryLogHandler()
        try await withPaymentShop(logger: logs.logger) { s in
            let order = try await depositedOrder(s)
            _ = try await s.flow.cancel(userId: s.userId, orderId: order.orderId, refundAccount: Self.account)
            #expect(try await s.status(order.orderId) == .canceled)
            let logged = logs.entries.map { "\($0.event) \($0.metadata)" }.joined(separator: "\n")
            #expect(!logged.contains("11012345678") && !logged.contains("110-1234-5678"))
            #expect(logs.entries("payment_refund_account").first?.metadata["account"] == .string("110****5678"))
        }
    }

    @Test("a refused account is logged without its number either")
    func refusedNumberNeverLogged() async throws {
        let logs = InMemoryLogHandler()
        try await withPaymentShop(logger: logs.logger) { s in
            let order = try await depositedOrder(s)
            s.method.state.withLock {
                $0.cancelFailure = PaymentError(.rejected, code: "INVALID_REFUND_ACCOUNT_NUMBER", message: "잘못된 환불 계좌번호입니다: 11012345678")
            }
            await #expect(throws: ShopError.self) {
                try await s.flow.cancel(userId: s.userId, orderId: order.orderId, refundAccount: Self.account)
            }
            #expect(!logs.entries.map { "\($0.event) \($0.metadata)" }.joined().contains("11012345678"))
        }
    }

    @Test("two cancels of a deposited order at once with the same account refund once")
    func doubleSubmitRefundsOnce() async throws {
        try await withPaymentShop { s in
            let order = try await depositedOrder(s)
            s.method.state.withLock { $0.cancelDelay = .milliseconds(200) }
            async let first = try? s.flow.cancel(userId: s.userId, orderId: order.orderId, refundAccount: Self.account)
            async let second = try? s.flow.cancel(userId: s.userId, orderId: order.orderId, refundAccount: Self.account)
            let answers = await [first, second]
            #expect(answers.allSatisfy { $0?.status == .canceled })
            let keys = s.method.state.withLock { $0.cancelCalls.map(\.key) }
            #expect(Set(keys).count == 1)
            let payment = try await s.shop.read { [payments = s.shop.payments] db in try payments.find(db, orderId: order.orderId) }
            #expect(payment?.balanceAmount == 0)
        }
    }

    @Test("after the provider refuses an account, a corrected one is sent under an idempotency key of its own")
    func correctedAccountNewKey() async throws {
        try await withPaymentShop { s in
            let order = try await depositedOrder(s)
            s.method.state.withLock { $0.cancelFailure = PaymentError(.rejected, code: "INVALID_REFUND_ACCOUNT_INFO", message: "불일치") }
            _ = try? await s.flow.cancel(userId: s.userId, orderId: order.orderId, refundAccount: Self.account)
            s.method.state.withLock { $0.cancelFailure = nil }
            var corrected = Self.account
            corrected.holderName = "홍길순"
            _ = try await s.flow.cancel(userId: s.userId, orderId: order.orderId, refundAccount: corrected)
            let keys = s.method.state.withLock { $0.cancelCalls.map(\.key) }
            #expect(keys.count == 2 && keys[0] != keys[1])
            #expect(!keys.joined().contains("11012345678"))
        }
    }

    static let banks = [RefundBank(code: "88", name: "신한은행")]

    @Test("what the refund-account fields accept", arguments: [
        ("88", "110-1234-5678", "홍길동", "110****5678"),
        ("88", " 110 123 456 ", "홍길동", "110**3456"),
        ("88", "123456", "가", "****56"),
        ("88", "12345678901234567890", String(repeating: "가", count: 20), "123*************7890"),
    ])
    func accepted(bank: String, number: String, holder: String, masked: String) throws {
        let destination = try RefundAccountInput(bankCode: bank, accountNumber: number, holderName: holder).destination(banks: Self.banks)
        #expect(destination.description.contains(masked))
        #expect(!destination.description.contains(holder))
    }

    @Test("what the refund-account fields refuse, and which field says so", arguments: [
        ("", "1101234567", "홍길동", RefundAccountInput.bankField),
        ("99", "1101234567", "홍길동", RefundAccountInput.bankField),
        ("88", "", "홍길동", RefundAccountInput.numberField),
        ("88", "12345", "홍길동", RefundAccountInput.numberField),
        ("88", "123456789012345678901", "홍길동", RefundAccountInput.numberField),
        ("88", "110.1234.5678", "홍길동", RefundAccountInput.numberField),
        ("88", "１１０１２３４５６７", "홍길동", RefundAccountInput.numberField),
        ("88", String(repeating: "1", count: 100_000), "홍길동", RefundAccountInput.numberField),
        ("88", "1101234567", "   ", RefundAccountInput.holderField),
        ("88", "1101234567", String(repeating: "가", count: 21), RefundAccountInput.holderField),
        ("88", "1101234567", "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦", RefundAccountInput.holderField),
        ("88", "1101234567", "홍\u{0}길동", RefundAccountInput.holderField),
    ])
    func refused(bank: String, number: String, holder: String, field: String) {
        #expect(throws: ShopError.self) {
            try RefundAccountInput(bankCode: bank, accountNumber: number, holderName: holder).destination(banks: Self.banks)
        }
        do {
            _ = try RefundAccountInput(bankCode: bank, accountNumber: number, holderName: holder).destination(banks: Self.banks)
        } catch {
            guard case .validation(let errors) = error else { Issue.record("not a validation error: \(error)"); return }
            #expect(Array(errors.keys) == [field])
            #expect(errors.values.allSatisfy { !$0.contains(number) || number.isEmpty })
        }
    }
}

/// A deposit the shop has not heard of yet (its webhook late or lost): the order still waits here.
@Suite("Refund accounts when the deposit's webhook is late")
struct LateDepositRefundTests {
    @Test("a cancel of an order the provider says is deposited, before its webhook, records the deposit and asks for the account")
    func lateDepositAsksForAccount() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.refundsNeedAccountAfterDeposit = true }
            let order = try await s.virtualAccountOrder()
            try await s.providerSays(.done)
            do throws(ShopError) {
                _ = try await s.flow.cancel(userId: s.userId, orderId: order.orderId)
                Issue.record("canceled without an account")
            } catch {
                guard case .validation(let errors) = error else { Issue.record("\(error)"); return }
                #expect(Set(errors.keys) == [RefundAccountInput.bankField, RefundAccountInput.numberField, RefundAccountInput.holderField])
            }
            #expect(try await s.status(order.orderId) == .paid)
            _ = try await s.flow.cancel(userId: s.userId, orderId: order.orderId, refundAccount: RefundAccountTests.account)
            #expect(try await s.status(order.orderId) == .canceled)
        }
    }
}
