import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// A deposited virtual account is refunded only to the `refundReceiveAccount` the cancel names (TOSS_API.md §4.3),
/// as the Toss plugin sends it (`{bank, accountNumber, holderName}`). Toss documents no code for a cancel without
/// one; the sandbox answers 400 `INVALID_REQUEST`.
@Suite("Sandbox refund accounts", .timeLimit(.minutes(1)))
struct RefundAccountTests {
    static let account = RefundDestination.bankAccount(bankCode: "88", accountNumber: "110123456789", holderName: "홍길동")

    /// A virtual account issued and deposited into.
    func deposited(_ fixture: SandboxFixture) async throws -> PaymentRecord {
        let (key, orderId) = try await fixture.authenticatedPayment(method: "VIRTUAL_ACCOUNT")
        let issued = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-\(orderId)")
        #expect(await fixture.sandbox.deposit(orderId: issued.orderId) == .success("DONE"))
        return issued
    }

    func cancel(_ fixture: SandboxFixture, _ paymentKey: String, _ destination: RefundDestination?,
                amount: Int? = nil, key: String = "c1") async -> Result<PaymentRecord, PaymentError> {
        do {
            return .success(try await fixture.client.cancel(paymentKey: paymentKey, reason: "구매자 요청", amount: amount,
                                                             destination: destination, idempotencyKey: key))
        } catch {
            return .failure(error)
        }
    }

    @Test("a cancel of a deposited virtual account without refundReceiveAccount is refused with 400 INVALID_REQUEST")
    func refusedWithoutAccount() async throws {
        try await withSandbox { fixture in
            let paid = try await deposited(fixture)
            guard case .failure(let error) = await cancel(fixture, paid.paymentKey, nil) else {
                Issue.record("refunded without an account")
                return
            }
            #expect(error.code == "INVALID_REQUEST" && error.message.contains("refundReceiveAccount"))
            #expect(try await fixture.client.payment(paymentKey: paid.paymentKey).status == .done)
        }
    }

    @Test("with refundReceiveAccount the deposited virtual account is refunded to it, the account echoed in the payment")
    func refundedToAccount() async throws {
        try await withSandbox { fixture in
            let paid = try await deposited(fixture)
            let canceled = try await cancel(fixture, paid.paymentKey, Self.account).get()
            #expect(canceled.status == .canceled && canceled.balanceAmount == 0)
            let stored = try #require(fixture.sandbox.ledger.payment(key: paid.paymentKey)?.json()["virtualAccount"] as? [String: Any])
            #expect(stored["refundStatus"] as? String == "COMPLETED")
            let account = try #require(stored["refundReceiveAccount"] as? [String: Any])
            #expect(account["bankCode"] as? String == "88" && account["holderName"] as? String == "홍길동")
        }
    }

    @Test("the Toss client masks the refund account's number in the records of the cancel and of later lookups")
    func clientMasksNumber() async throws {
        try await withSandbox { fixture in
            let paid = try await deposited(fixture)
            let canceled = try await cancel(fixture, paid.paymentKey, Self.account).get()
            let lookedUp = try await fixture.client.payment(paymentKey: paid.paymentKey)
            for record in [canceled, lookedUp] {
                #expect(!record.rawJSON.contains("110123456789"))
                #expect(record.rawJSON.contains("110*****6789"))
            }
        }
    }

    @Test("a partial refund of a deposited virtual account goes to the account and reports what is left refundable")
    func partialRefund() async throws {
        try await withSandbox { fixture in
            let paid = try await deposited(fixture)
            let canceled = try await cancel(fixture, paid.paymentKey, Self.account, amount: 5_000).get()
            #expect(canceled.status == .partialCanceled && canceled.balanceAmount == 10_000)
            let cancels = try #require(fixture.sandbox.ledger.payment(key: paid.paymentKey)?.json()["cancels"] as? [[String: Any]])
            #expect(cancels.map { $0["refundableAmount"] as? Int } == [10_000])
        }
    }

    @Test("a refund account is checked as Toss checks it: the bank code, then the number's digits", arguments: [
        (RefundDestination.bankAccount(bankCode: "99", accountNumber: "110123456789", holderName: "홍길동"), "INVALID_BANK"),
        (RefundDestination.bankAccount(bankCode: "신한", accountNumber: "110123456789", holderName: "홍길동"), "INVALID_BANK"),
        (RefundDestination.bankAccount(bankCode: "88", accountNumber: "110-1234-5678", holderName: "홍길동"), "INVALID_REFUND_ACCOUNT_NUMBER"),
        (RefundDestination.bankAccount(bankCode: "88", accountNumber: "123456789012345678901", holderName: "홍길동"), "INVALID_REFUND_ACCOUNT_NUMBER"),
        (RefundDestination.bankAccount(bankCode: "88", accountNumber: "110123456789", holderName: ""), "INVALID_REQUEST"),
    ])
    func malformedAccount(destination: RefundDestination, code: String) async throws {
        try await withSandbox { fixture in
            let paid = try await deposited(fixture)
            guard case .failure(let error) = await cancel(fixture, paid.paymentKey, destination) else {
                Issue.record("refunded to a malformed account")
                return
            }
            #expect(error.code == code)
            #expect(try await fixture.client.payment(paymentKey: paid.paymentKey).balanceAmount == 15_000)
        }
    }

    @Test("before the deposit a virtual account is canceled without an account")
    func waitingNeedsNoAccount() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment(method: "VIRTUAL_ACCOUNT")
            _ = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-\(orderId)")
            #expect(try await cancel(fixture, key, nil).get().status == .canceled)
        }
    }

    @Test("the sandbox accepts exactly the bank codes of the Toss plugin's table")
    func bankCodesMatchPlugin() {
        #expect(SandboxBanks.codes == Set(TossCodes.bankTable.map(\.code)))
    }

    @Test("only the virtual-account method needs a refund account, and only after the deposit; it lists Toss's banks")
    func pluginNeedsDestination() throws {
        let configuration = TossConfiguration(apiBase: try #require(URL(string: "http://127.0.0.1:1")), sdkURL: "", clientKey: "ck", secretKey: "sk")
        let methods = Dictionary(uniqueKeysWithValues: TossPayments.methods(configuration).map { ($0.id, $0) })
        let virtualAccount = try #require(methods["toss.virtualAccount"])
        #expect(virtualAccount.refundNeedsDestination(status: .done) && virtualAccount.refundNeedsDestination(status: .partialCanceled))
        #expect(!virtualAccount.refundNeedsDestination(status: .waitingForDeposit))
        #expect(virtualAccount.refundBanks.count == TossCodes.bankTable.count)
        for id in ["toss.card", "toss.transfer", "toss.tosspay"] {
            let method = try #require(methods[id])
            #expect(!method.refundNeedsDestination(status: .done) && method.refundBanks.isEmpty)
        }
    }
}
