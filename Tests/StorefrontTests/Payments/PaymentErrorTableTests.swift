import Foundation
import PluginKit
import Testing
@testable import Storefront
@testable import TossPayments
@testable import TossSandbox

/// Every documented confirm and cancel error, as Toss sends it, does what its row in `PaymentErrorTable` says.
@Suite("payment error table")
struct PaymentErrorTableTests {
    /// The error as the Toss client makes it of the body and status the sandbox answers with for `row`'s code.
    static func error(_ row: PaymentErrorTable.Row) throws -> PaymentError {
        let answer = try #require(TossAPIError.forced(code: row.code), "the sandbox cannot answer \(row.code)")
        let body = try JSONSerialization.data(withJSONObject: ["code": answer.code, "message": "토스의 메시지"])
        return TossErrorBody.error(status: answer.status, data: body)
    }

    @Test("the sandbox answers every documented code with the status the table gives it", arguments: PaymentErrorTable.rows)
    func sandboxStatus(_ row: PaymentErrorTable.Row) throws {
        #expect(TossAPIError.forced(code: row.code)?.status == row.status)
        #expect(try Self.error(row).code == row.code)
    }

    @Test("a confirm error does what its row says and shows its row's message", arguments: PaymentErrorTable.rows.filter { $0.operation == .confirm })
    func confirmRow(_ row: PaymentErrorTable.Row) async throws {
        let error = try Self.error(row)
        try await withPaymentShop { s in
            s.method.state.withLock { $0.confirmBehaviour = .fail(error) }
            let order = try await s.placeOrder()
            if row.action == .treatAsDone {
                s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .done, method: "카드",
                                                         totalAmount: 12_900, balanceAmount: 12_900))
            }
            let outcome = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            switch (row.action, outcome) {
            case (.treatAsDone, .settled(let paid, _)):
                #expect(paid.status == .paid)
            case (.retryLater, .confirming):
                #expect(try await s.status(order.orderId) == .confirming)
                #expect(try await s.stock() == 4)
            case (.fail, .failed(_, let code, let message)), (.shopperMustAct, .failed(_, let code, let message)):
                #expect(code == row.code)
                #expect(message == row.message)
                #expect(try await s.status(order.orderId) == .failed)
                #expect(try await s.stock() == 5)
            default:
                Issue.record("\(row.code) (\(row.action)) gave \(outcome)")
            }
        }
    }

    @Test("a cancel error does what its row says and shows its row's message", arguments: PaymentErrorTable.rows.filter { $0.operation == .cancel })
    func cancelRow(_ row: PaymentErrorTable.Row) async throws {
        let error = try Self.error(row)
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            s.method.state.withLock { $0.cancelFailure = error }
            if row.action == .treatAsDone {
                s.method.setProviderRecord(PaymentRecord(paymentKey: "pk_1", orderId: order.orderId, status: .canceled, method: "카드",
                                                         totalAmount: 12_900, balanceAmount: 0))
            }
            do {
                let canceled = try await s.flow.cancel(userId: s.userId, orderId: order.orderId)
                #expect(row.action == .treatAsDone, "\(row.code) canceled the order")
                #expect(canceled.status == .canceled)
                #expect(try await s.stock() == 5)
            } catch {
                #expect(row.action != .treatAsDone, "\(row.code): \(error)")
                #expect(error as? ShopError == .conflict(row.message))
                #expect(try await s.status(order.orderId) == .paid)
                #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.balanceAmount == 12_900)
                #expect(try await s.stock() == 4)
            }
        }
    }

    @Test("a refund Toss is still making is reported as under way and changes nothing")
    func refundUnderWay() async throws {
        try await withPaymentShop { s in
            let order = try await s.placeOrder()
            _ = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_1", amount: "12900")
            s.method.state.withLock { $0.cancelFailure = PaymentError(.alreadyCanceled, code: "ALREADY_REFUNDING_PAYMENT", message: "이미 환불 중인 결제입니다.") }
            await #expect(throws: ShopError.conflict("환불이 이미 진행 중입니다. 잠시 후 주문 내역에서 결과를 확인해 주세요.")) {
                try await s.flow.cancel(userId: s.userId, orderId: order.orderId)
            }
            #expect(try await s.status(order.orderId) == .paid)
        }
    }

    @Test("a code no row names falls back on the provider's kind, with a generic message")
    func unknownCode() {
        let error = PaymentError(.unknownOutcome, code: "SOMETHING_NEW", message: "새 오류")
        #expect(PaymentErrorTable.action(.confirm, for: error) == .retryLater)
        #expect(PaymentErrorTable.action(.cancel, for: PaymentError(.rejected, code: "SOMETHING_NEW", message: "")) == .fail)
        #expect(PaymentErrorTable.message(.cancel, code: "SOMETHING_NEW") == "결제를 취소하지 못했습니다. 잠시 후 다시 시도해 주세요.")
    }

    @Test("every row's message is Korean text for the shopper, never a code", arguments: PaymentErrorTable.rows)
    func messageIsForShopper(_ row: PaymentErrorTable.Row) {
        #expect(!row.message.contains(row.code))
        #expect(row.message.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) })
        #expect(row.message.hasSuffix("."))
    }
}
