import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// Basic auth, the test-code header, and the client's reading of Toss's error bodies (§1, §5).
@Suite("Sandbox auth and errors", .timeLimit(.minutes(1)))
struct AuthAndErrorTests {
    @Test("an unknown secret key is 401 UNAUTHORIZED_KEY, which the client reports as our misconfiguration")
    func unknownKey() async throws {
        try await withSandbox(secretKey: "test_sk_wrong") { fixture in
            let error = await paymentError { () async throws(PaymentError) in try await fixture.client.payment(orderId: "whatever") }
            #expect(error?.code == "UNAUTHORIZED_KEY" && error?.kind == .misconfigured)
        }
    }

    @Test("a missing Authorization header is 401 and a key without the colon is 403 INCORRECT_BASIC_AUTH_FORMAT")
    func malformedAuth() async throws {
        try await withSandbox { fixture in
            let missing = try await fixture.raw("GET", "/v1/payments/x")
            #expect(missing.status == 401 && missing.code == "UNAUTHORIZED_KEY")
            let noColon = "Basic " + Data(SandboxConfiguration().secretKey.utf8).base64EncodedString()
            let malformed = try await fixture.raw("GET", "/v1/payments/x", headers: [("Authorization", noColon)])
            #expect(malformed.status == 403 && malformed.code == "INCORRECT_BASIC_AUTH_FORMAT")
        }
    }

    @Test("TossPayments-Test-Code forces that error with Toss's status", arguments: [
        ("REJECT_CARD_COMPANY", 403), ("PROVIDER_ERROR", 400), ("NOT_FOUND_PAYMENT_SESSION", 404),
        ("FAILED_INTERNAL_SYSTEM_PROCESSING", 500), ("NO_SUCH_CODE", 400),
    ])
    func testCode(code: String, status: Int) async throws {
        try await withSandbox { fixture in
            let answer = try await fixture.raw("POST", "/v1/payments/confirm",
                                               headers: [("Authorization", SandboxFixture.basicAuth), ("TossPayments-Test-Code", code)],
                                               json: #"{"paymentKey":"k","orderId":"o","amount":1}"#)
            #expect(answer.status == status)
            #expect(answer.code == (code == "NO_SUCH_CODE" ? "INVALID_TEST_CODE" : code))
        }
    }

    @Test("an Idempotency-Key longer than 300 characters is INVALID_IDEMPOTENCY_KEY")
    func longIdempotencyKey() async throws {
        try await withSandbox { fixture in
            let answer = try await fixture.raw("POST", "/v1/payments/confirm",
                                               headers: [("Authorization", SandboxFixture.basicAuth), ("Idempotency-Key", String(repeating: "k", count: 301))],
                                               json: #"{"paymentKey":"k","orderId":"o","amount":1}"#)
            #expect(answer.status == 400 && answer.code == "INVALID_IDEMPOTENCY_KEY")
        }
    }

    @Test("the client maps Toss's error codes to what the order flow must do", arguments: [
        ("ALREADY_PROCESSED_PAYMENT", 400, PaymentError.Kind.alreadyProcessed),
        ("ALREADY_CANCELED_PAYMENT", 400, .alreadyCanceled),
        ("NOT_FOUND_PAYMENT", 404, .notFound),
        ("REJECT_CARD_COMPANY", 403, .rejected),
        ("NOT_FOUND_PAYMENT_SESSION", 404, .rejected),
        ("PROVIDER_ERROR", 400, .unknownOutcome),
        ("IDEMPOTENT_REQUEST_PROCESSING", 409, .unknownOutcome),
        ("FAILED_INTERNAL_SYSTEM_PROCESSING", 500, .unknownOutcome),
        ("UNAUTHORIZED_KEY", 401, .misconfigured),
    ])
    func errorKinds(code: String, status: Int, kind: PaymentError.Kind) {
        let body = Data(#"{"code":"\#(code)","message":"메시지"}"#.utf8)
        let error = TossErrorBody.error(status: status, data: body)
        #expect(error.kind == kind && error.code == code && error.message == "메시지")
    }

    @Test("an error answer that is not Toss's JSON still becomes a typed error naming the status")
    func unreadableErrorBody() {
        let error = TossErrorBody.error(status: 502, data: Data("<html>bad gateway</html>".utf8))
        #expect(error.code == "HTTP_502" && error.kind == .unknownOutcome)
    }

    @Test("the window refuses an unknown client key and a malformed orderId, naming Toss's code")
    func windowValidation() async throws {
        try await withSandbox { fixture in
            let badKey = try await fixture.windowResponse(orderId: "order-123", clientKey: "test_ck_other")
            #expect(badKey.status == 400)
            #expect(try HTMLDocument(badKey).first("//*[@id='error-code']")?.text == "INVALID_CLIENT_KEY")
            let badOrder = try await fixture.windowResponse(orderId: "a b")
            #expect(try HTMLDocument(badOrder).first("//*[@id='error-code']")?.text == "INVALID_ORDER_ID")
            let belowMinimum = try await fixture.windowResponse(method: "TRANSFER", amount: 150, orderId: "order-456")
            #expect(try HTMLDocument(belowMinimum).first("//*[@id='error-code']")?.text == "BELOW_MINIMUM_AMOUNT")
        }
    }

    @Test("the SDK shim is served as JavaScript and defines TossPayments")
    func sdkShim() async throws {
        try await withSandbox { fixture in
            let script = try await TestHTTPClient.request(port: fixture.port, "GET", "/v2/standard")
            #expect(script.headers["Content-Type"]?.hasPrefix("application/javascript") == true)
            #expect(script.text.contains("window.TossPayments = TossPayments"))
        }
    }
}
