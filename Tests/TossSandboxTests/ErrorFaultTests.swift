import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// Errors armed through the faults, answered as Toss answers them, and replayed per Idempotency-Key (TOSS_API.md §1, §5).
@Suite("Sandbox error faults", .timeLimit(.minutes(1)))
struct ErrorFaultTests {
    @Test("an armed PROVIDER_ERROR answers 400, changes nothing, and is replayed to a retry with the same key")
    func storedConfirmErrorReplayed() async throws {
        try await withSandbox { fixture in
            fixture.sandbox.setFaults(SandboxFaults(failNextConfirms: 1, confirmErrorCode: "PROVIDER_ERROR"))
            let (key, orderId) = try await fixture.authenticatedPayment()
            for _ in 0..<2 {
                let error = await paymentError { () async throws(PaymentError) in
                    try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-1")
                }
                #expect(error?.code == "PROVIDER_ERROR")
            }
            #expect(fixture.sandbox.status(orderId: orderId) == "IN_PROGRESS")
        }
    }

    @Test("after a replayed PROVIDER_ERROR, a confirm under a fresh key approves the payment")
    func freshKeyAfterStoredError() async throws {
        try await withSandbox { fixture in
            fixture.sandbox.setFaults(SandboxFaults(failNextConfirms: 1, confirmErrorCode: "PROVIDER_ERROR"))
            let (key, orderId) = try await fixture.authenticatedPayment()
            _ = await paymentError { () async throws(PaymentError) in
                try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-1")
            }
            let record = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "confirm-1-2")
            #expect(record.status == .done)
        }
    }

    @Test("an armed cancel error answers Toss's code and status and refunds nothing")
    func cancelError() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment()
            _ = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            fixture.sandbox.setFaults(SandboxFaults(failNextCancels: 1, cancelErrorCode: "EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT"))
            let answer = try await fixture.raw("POST", "/v1/payments/\(key)/cancel",
                                               headers: [("Authorization", SandboxFixture.basicAuth), ("Idempotency-Key", "k-1")],
                                               json: #"{"cancelReason":"test","cancelAmount":1000}"#)
            #expect(answer.status == 400 && answer.code == "EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT")
            #expect(fixture.sandbox.status(orderId: orderId) == "DONE")
        }
    }

    @Test("faults naming an error code the sandbox cannot answer with are refused")
    func unknownCodeRefused() {
        #expect(throws: TossAPIError.self) { try SandboxFaults(json: Data(#"{"confirmErrorCode":"NO_SUCH_CODE"}"#.utf8), base: .init()) }
        #expect(throws: TossAPIError.self) { try SandboxFaults(json: Data(#"{"cancelErrorCode":7}"#.utf8), base: .init()) }
        let parsed = try? SandboxFaults(json: Data(#"{"cancelErrorCode":"ALREADY_REFUNDING_PAYMENT","failNextCancels":1}"#.utf8), base: .init())
        #expect(parsed?.cancelError == TossAPIError(400, "ALREADY_REFUNDING_PAYMENT", "테스트 코드로 발생시킨 오류입니다: ALREADY_REFUNDING_PAYMENT"))
    }
}
