import Foundation
import PluginKit
import Testing
@testable import Storefront

@Suite("payment flow")
struct PaymentFlowTests {
    @Test("a confirmed card payment marks the order paid and records what was paid")
    func confirmPays() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder(quantity: 2)
            let outcome = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            guard case .settled(let paid, let payment) = outcome else { Issue.record("not settled: \(outcome)"); return }
            #expect(paid.status == .paid)
            #expect(payment?.receiptLines.value("카드") == FakePaymentMethod.card)
            #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.totalPrice == 25_800)
            #expect(s.method.confirmCalls == ["confirm-\(order.orderId)"])
            #expect(try await s.stock() == 3)
        }
    }

    @Test("a tampered amount fails the order without asking the provider and returns the stock")
    func tamperedAmount() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            for amount in ["100", "12900.0", "012900", "-12900", ""] {
                let outcome = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: amount)
                guard case .failed = outcome else { Issue.record("amount \(amount) was accepted"); return }
            }
            #expect(s.method.confirmCalls.isEmpty)
            #expect(try await s.status(order.orderId) == .failed)
            #expect(try await s.stock() == 5)
        }
    }

    @Test("two identical success callbacks at once confirm once, store one payment, and both show the receipt")
    func doubleCallback() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmDelay = .milliseconds(200) }
            let order = try await s.placeOrder()
            async let first = s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            async let second = s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            for outcome in await [first, second] {
                guard case .settled(let paid, _) = outcome else { Issue.record("not settled: \(outcome)"); continue }
                #expect(paid.status == .paid)
            }
            #expect(s.method.confirmCalls.count == 1)
            #expect(try await s.shop.count("toss_payment") == 1)
        }
    }

    @Test("a refreshed success page shows the receipt again without a second confirm")
    func refresh() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            let again = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            guard case .settled = again else { Issue.record("not settled: \(again)"); return }
            #expect(s.method.confirmCalls.count == 1)
        }
    }

    @Test("a rejected card fails the order with the provider's code and returns the stock")
    func rejected() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .fail(PaymentError(.rejected, code: "REJECT_CARD_COMPANY", message: "거절")) }
            let order = try await s.placeOrder(quantity: 2)
            let outcome = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            guard case .failed(_, let code, let message) = outcome else { Issue.record("not failed: \(outcome)"); return }
            #expect(code == "REJECT_CARD_COMPANY")
            #expect(message.contains("카드사"))
            #expect(try await s.status(order.orderId) == .failed)
            #expect(try await s.stock() == 5)
        }
    }

    @Test("a confirm whose answer is lost stays confirming, and the reconciler settles it")
    func lostAnswerReconciled() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .fail(PaymentError(.unknownOutcome, code: "TIMEOUT", message: "timed out")) }
            let order = try await s.placeOrder()
            let outcome = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            guard case .confirming = outcome else { Issue.record("not confirming: \(outcome)"); return }
            #expect(try await s.status(order.orderId) == .confirming)

            // The provider did approve it; the reconciler finds out and settles the order.
            s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .done, method: "카드",
                                                     totalAmount: 12_900, balanceAmount: 12_900))
            let pass = await Reconciler(flow: s.flow, confirmingAfter: 0).runOnce(now: Date().addingTimeInterval(5))
            #expect(pass.settled == 1)
            #expect(try await s.status(order.orderId) == .paid)
        }
    }

    @Test("the fail redirect fails a pending order, returns the stock and keeps the cart")
    func failRedirect() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder(quantity: 3)
            let outcome = await s.flow.fail(userId: s.userId, orderId: order.orderId, code: "PAY_PROCESS_CANCELED", message: "취소")
            guard case .failed(let failed?, "PAY_PROCESS_CANCELED", _) = outcome else { Issue.record("\(outcome)"); return }
            #expect(failed.status == .failed)
            #expect(try await s.stock() == 5)
            #expect(try await s.shop.cartService.summary(userId: s.userId).totalQuantity == 3)
        }
    }

    @Test("a fail redirect for a paid order changes nothing")
    func failAfterPaid() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            _ = await s.flow.fail(userId: s.userId, orderId: order.orderId, code: "PAY_PROCESS_CANCELED", message: "")
            #expect(try await s.status(order.orderId) == .paid)
        }
    }

    @Test("another shopper's order cannot be confirmed or failed")
    func otherShopper() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            let stranger = try await s.shop.signedUp("stranger")
            let outcome = await s.flow.confirm(userId: stranger.id, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            guard case .failed(nil, _, _) = outcome else { Issue.record("\(outcome)"); return }
            _ = await s.flow.fail(userId: stranger.id, orderId: order.orderId, code: "X", message: "")
            #expect(try await s.status(order.orderId) == .pending)
            #expect(s.method.confirmCalls.isEmpty)
        }
    }

    @Test("a payment that comes back for an order replaced by a newer checkout is not confirmed, and says why")
    func replacedOrderNotConfirmed() async throws {
        try await withPaymentShop { s in
            let replaced = try await s.placeOrder()
            let current = try await s.shop.checkoutService(methods: [s.method.id]).placeOrder(
                userId: s.userId, signupId: "shopper", customerName: "홍길동", customerPhone: "01012345678", paymentMethod: s.method.id)
            let outcome = await s.flow.confirm(userId: s.userId, orderId: replaced.orderId, paymentKey: "pk_1", amount: "12900")
            guard case .failed(_, let code, let message) = outcome else { Issue.record("confirmed: \(outcome)"); return }
            #expect(code == PaymentFailureMessage.expiredOrderCode)
            #expect(message.contains("새 주문으로 바뀌었거나"))
            #expect(s.method.confirmCalls.isEmpty)
            #expect(try await s.status(current.orderId) == .pending)
            #expect(try await s.stock() == 4)
        }
    }

    @Test("a paid order is canceled once however often cancel is pressed, and its stock returns")
    func cancelTwice() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder(quantity: 2)
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            let canceled = try await s.flow.cancel(userId: s.userId, orderId: order.orderId)
            #expect(canceled.status == .canceled)
            _ = try await s.flow.cancel(userId: s.userId, orderId: order.orderId)
            #expect(s.method.cancelCallCount == 1)
            #expect(try await s.stock() == 5)
            #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.balanceAmount == 0)
        }
    }

    @Test("two cancels of one order at once (a double click) make one provider call, and both see the order canceled")
    func cancelDoubleClick() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder(quantity: 2)
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            s.method.state.withLock { $0.cancelDelay = .milliseconds(200) }
            async let first = s.flow.cancel(userId: s.userId, orderId: order.orderId)
            async let second = s.flow.cancel(userId: s.userId, orderId: order.orderId)
            #expect(try await [first.status, second.status] == [.canceled, .canceled])
            #expect(s.method.cancelCallCount == 1)
            #expect(try await s.stock() == 5)
        }
    }

    @Test("a refund the provider says is still being processed (another instance took the click) is asked again until it answers")
    func cancelWhileProcessing() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            s.method.state.withLock { $0.cancelsStillProcessing = 2 }
            #expect(try await s.flow.cancel(userId: s.userId, orderId: order.orderId).status == .canceled)
            let keys = s.method.state.withLock { $0.cancelCalls.map(\.key) }
            #expect(keys.count == 3)
            #expect(Set(keys).count == 1)
        }
    }

    @Test("a partial refund keeps the order paid and lowers the refundable balance")
    func partialRefund() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder(quantity: 2)
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "25800")
            let after = try await s.flow.cancel(userId: s.userId, orderId: order.orderId, amount: 5_000)
            #expect(after.status == .paid)
            #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.balanceAmount == 20_800)
            await #expect(throws: ShopError.self) { try await s.flow.cancel(userId: s.userId, orderId: order.orderId, amount: 30_000) }
        }
    }

    @Test("a virtual account waits for deposit; the deposit webhook with the right secret pays it, once")
    func virtualAccountDeposit() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0) }
            let order = try await s.placeOrder()
            let outcome = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_va", amount: "12900")
            guard case .settled(let waiting, let payment) = outcome else { Issue.record("\(outcome)"); return }
            #expect(waiting.status == .waitingForDeposit)
            #expect(payment?.virtualAccountNumber == "X1234567890")

            // The provider sees the deposit; a forged webhook (wrong secret) changes nothing.
            var deposited = try #require(await s.method.status(orderId: order.orderId))
            deposited.status = .done
            s.method.setProviderRecord(deposited)
            let forged = #"{"createdAt":"2026-11-25T12:00:00.000000","secret":"wrong","status":"DONE","transactionKey":"t","orderId":"\#(order.orderId)"}"#
            #expect(await s.flow.handleWebhook(body: Array(forged.utf8)) == .handled)
            #expect(try await s.status(order.orderId) == .waitingForDeposit)

            let genuine = forged.replacingOccurrences(of: #""secret":"wrong""#, with: #""secret":"ps_secret_\#(order.orderId)""#)
            #expect(await s.flow.handleWebhook(body: Array(genuine.utf8)) == .handled)
            #expect(try await s.status(order.orderId) == .paid)
            let events = try await s.shop.read { db in try OutboxRepository().unsent(db, limit: 100) }.filter { $0.topic == "order.paid" }.count
            #expect(await s.flow.handleWebhook(body: Array(genuine.utf8)) == .handled)
            #expect(try await s.shop.read { db in try OutboxRepository().unsent(db, limit: 100) }.filter { $0.topic == "order.paid" }.count == events)
        }
    }

    @Test("the reconciler expires orders left pending for 30 minutes and returns their stock")
    func pendingExpires() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder(quantity: 2)
            let early = await Reconciler(flow: s.flow).runOnce(now: Date())
            #expect(early.expired == 0)
            let late = await Reconciler(flow: s.flow).runOnce(now: Date().addingTimeInterval(31 * 60))
            #expect(late.expired == 1)
            #expect(try await s.status(order.orderId) == .expired)
            #expect(try await s.stock() == 5)
        }
    }

    @Test("a virtual account past its due date expires and returns the stock")
    func virtualAccountExpires() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .approve(.waitingForDeposit, discount: 0) }
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_va", amount: "12900")
            let due = try #require(ProviderTimestamp.parse(FakePaymentMethod.dueDate))
            #expect(await Reconciler(flow: s.flow).runOnce(now: due.addingTimeInterval(-60)).expired == 0)
            #expect(await Reconciler(flow: s.flow).runOnce(now: due.addingTimeInterval(60)).expired == 1)
            #expect(try await s.status(order.orderId) == .expired)
            #expect(try await s.stock() == 5)
        }
    }

    @Test("a TossPay discount is stored, and the amount paid is the total less the discount")
    func discountStored() async throws {
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .approve(.done, discount: 1_000) }
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            let stored = try #require(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) })
            #expect(stored.discount == 1_000)
            #expect(stored.totalAmount == 11_900)
            #expect(stored.totalPrice == 12_900)
        }
    }
}
