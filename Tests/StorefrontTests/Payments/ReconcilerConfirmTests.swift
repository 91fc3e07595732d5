import Foundation
import PluginKit
import Testing
@testable import Storefront

/// What the reconciler does with a confirm Toss answered with a temporary error (TOSS_API.md §1, §5, §7.4):
/// it looks the payment up by its key first, and confirms one still approvable under a key of its own. The same
/// against the sandbox replaying a stored PROVIDER_ERROR: `TossRefundAndRecoveryTests.confirmServerErrorThenReconcile`.
@Suite("reconciling a confirm after a temporary error", .timeLimit(.minutes(1)))
struct ReconcilerConfirmTests {
    static let providerError = PaymentError(.unknownOutcome, code: "PROVIDER_ERROR", message: "일시적인 오류가 발생했습니다.")

    /// A PENDING order whose confirm got PROVIDER_ERROR: CONFIRMING here, authenticated (IN_PROGRESS) at the provider.
    func confirmingAfterProviderError(_ s: PaymentShop) async throws -> Order {
        s.method.state.withLock { $0.confirmBehaviour = .fail(Self.providerError) }
        let order = try await s.placeOrder()
        _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
        s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .inProgress, method: "카드",
                                                 totalAmount: 12_900, balanceAmount: 12_900))
        return order
    }

    @Test("a payment still approvable after PROVIDER_ERROR is confirmed again under a fresh key and the order is paid")
    func freshKeyConfirms() async throws {
        try await withPaymentShop { s in
            let order = try await confirmingAfterProviderError(s)
            #expect(try await s.status(order.orderId) == .confirming)
            s.method.state.withLock { $0.confirmBehaviour = .approve(.done, discount: 0) }
            let pass = await Reconciler(flow: s.flow, confirmingAfter: 0).runOnce(now: Date().addingTimeInterval(5))
            #expect(pass.settled == 1)
            #expect(try await s.status(order.orderId) == .paid)
            #expect(s.method.confirmCalls == ["confirm-\(order.orderId)", "confirm-\(order.orderId)-2"])
        }
    }

    @Test("each reconciler pass confirms under the next attempt's key, never one Toss already answered")
    func nextKeyEachPass() async throws {
        try await withPaymentShop { s in
            let order = try await confirmingAfterProviderError(s)
            let reconciler = Reconciler(flow: s.flow, confirmingAfter: 0)
            for _ in 0..<2 { _ = await reconciler.runOnce(now: Date().addingTimeInterval(5)) }
            #expect(try await s.status(order.orderId) == .confirming)
            #expect(s.method.confirmCalls == ["confirm-\(order.orderId)", "confirm-\(order.orderId)-2", "confirm-\(order.orderId)-3"])
        }
    }

    @Test("past its confirm attempts the reconciler only looks the payment up, and fails the order once Toss expires it")
    func attemptsBounded() async throws {
        try await withPaymentShop { s in
            let order = try await confirmingAfterProviderError(s)
            let reconciler = Reconciler(flow: s.flow, confirmingAfter: 0, maxConfirmAttempts: 3)
            for _ in 0..<4 { _ = await reconciler.runOnce(now: Date().addingTimeInterval(5)) }
            #expect(s.method.confirmCalls.count == 3)
            s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .expired, method: "카드",
                                                     totalAmount: 12_900, balanceAmount: 12_900))
            _ = await reconciler.runOnce(now: Date().addingTimeInterval(5))
            #expect(try await s.status(order.orderId) == .failed)
            #expect(s.method.confirmCalls.count == 3)
        }
    }

    @Test("a payment the lookup shows aborted fails the order without another confirm")
    func abortedNotConfirmed() async throws {
        try await withPaymentShop { s in
            let order = try await confirmingAfterProviderError(s)
            s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .aborted, method: "카드",
                                                     totalAmount: 12_900, balanceAmount: 12_900))
            _ = await Reconciler(flow: s.flow, confirmingAfter: 0).runOnce(now: Date().addingTimeInterval(5))
            #expect(try await s.status(order.orderId) == .failed)
            #expect(s.method.confirmCalls.count == 1)
        }
    }
}
