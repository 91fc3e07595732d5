import Foundation
import PluginKit
import Testing
import TestSupport
@testable import Storefront

/// Toss's DEPOSIT_CALLBACK with WAITING_FOR_DEPOSIT also announces a newly issued virtual account (TOSS_API.md §6),
/// not only a deposit taken back; the sandbox now sends it at every issue.
@Suite("the issued-account webhook")
struct IssuedAccountWebhookTests {
    @Test("an issued account's DEPOSIT_CALLBACK leaves the waiting order waiting, with no deposit.reversed event")
    func waitingStaysWaiting() async throws {
        try await withPaymentShop { s in
            let order = try await s.virtualAccountOrder()
            #expect(await s.flow.handleWebhook(body: DepositReversalTests.callback(order.orderId, status: "WAITING_FOR_DEPOSIT")) == .handled)
            #expect(try await s.status(order.orderId) == .waitingForDeposit)
            let reversed = try await s.shop.read { [outbox = s.shop.outbox] db in try outbox.unsent(db, limit: 100) }.filter { $0.topic == "deposit.reversed" }
            #expect(reversed.isEmpty)
        }
    }

    @Test("an issued account's DEPOSIT_CALLBACK arriving before the confirm's answer moves the order to waiting, once")
    func beforeConfirmAnswer() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock {
                $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0)
                $0.confirmDelay = .milliseconds(300)
            }
            let order = try await s.placeOrder()
            // The provider has issued the account; its answer to the confirm is still on the way.
            s.method.setProviderRecord(PaymentRecord(
                paymentKey: "pk_va", orderId: order.orderId, status: .waitingForDeposit, method: "가상계좌",
                totalAmount: order.totalPrice, balanceAmount: order.totalPrice,
                virtualAccount: .init(bankCode: "20", bankName: "우리", accountNumber: "X1234567890", customerName: "홍길동",
                                      dueDate: FakePaymentMethod.dueDate, expired: false),
                secret: "ps_secret_\(order.orderId)"))
            async let confirmed = s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_va", amount: String(order.totalPrice))
            try await eventually { try await s.status(order.orderId) == .confirming }
            #expect(await s.flow.handleWebhook(body: DepositReversalTests.callback(order.orderId, status: "WAITING_FOR_DEPOSIT")) == .handled)
            #expect(try await s.status(order.orderId) == .waitingForDeposit)
            _ = await confirmed
            #expect(try await s.status(order.orderId) == .waitingForDeposit)
            let waiting = try await s.shop.read { [outbox = s.shop.outbox] db in try outbox.unsent(db, limit: 100) }.filter { $0.topic == "deposit.waiting" }
            #expect(waiting.count == 1)
        }
    }
}
