import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// `TossPayments-API-Version`: the client asks for the version it is configured with, and the sandbox answers
/// in that version's shape (release notes 2022-06-08 and 2022-11-16), or in its key's version without the header.
@Suite("Sandbox API versions", .timeLimit(.minutes(1)))
struct APIVersionTests {
    @Test("a client set to 2022-07-27 gets card.company instead of issuerCode, and still reads the card company")
    func clientAsksForOlderVersion() async throws {
        try await withSandbox { fixture in
            let client = TossClient(configuration: TossConfiguration(
                apiBase: fixture.sandbox.apiBase, sdkURL: fixture.sandbox.sdkURL, clientKey: fixture.sandbox.configuration.clientKey,
                secretKey: fixture.sandbox.configuration.secretKey, apiVersion: "2022-07-27"))
            let (key, orderId) = try await fixture.authenticatedPayment()
            let record = try await client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            let raw = try Self.object(record.rawJSON)
            let card = try #require(raw["card"] as? [String: Any])
            #expect(raw["version"] as? String == "2022-07-27" && card["company"] as? String == "신한" && card["issuerCode"] == nil)
            #expect(record.receiptLines.value("카드")?.hasPrefix("신한카드 ") == true)
        }
    }

    @Test("the client's default version overrides a key set to 1.4, so answers come in the 2022-11-16 shape")
    func defaultVersionOverridesTheKey() async throws {
        var settings = SandboxConfiguration()
        settings.apiVersion = "1.4"
        try await withSandbox(settings: settings) { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment(method: "VIRTUAL_ACCOUNT")
            let record = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            let account = try #require(try Self.object(record.rawJSON)["virtualAccount"] as? [String: Any])
            #expect(account["bankCode"] as? String == "20" && account["bank"] == nil)
            #expect(record.virtualAccount?.bankName == "우리은행")
        }
    }

    @Test("without the header the sandbox answers in its key's version: a 1.4 key sends easyPay as the provider's name")
    func keyVersionWithoutHeader() async throws {
        var settings = SandboxConfiguration()
        settings.apiVersion = "1.4"
        try await withSandbox(settings: settings) { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment(extras: #","card":{"flowMode":"DIRECT","easyPay":"TOSSPAY"}"#)
            _ = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            let answer = try await TestHTTPClient.request(port: fixture.port, "GET", "/v1/payments/\(key)",
                                                          headers: [("Authorization", SandboxFixture.basicAuth)])
            let raw = try Self.object(String(decoding: answer.body, as: UTF8.self))
            #expect(raw["version"] as? String == "1.4" && raw["easyPay"] as? String == "토스페이")
            let record = try #require(TossPaymentDecoder.record(from: Data(answer.body)))
            #expect(record.receiptLines.value("간편결제") == "토스페이")
        }
    }

    @Test("a lookup asking for 2022-07-27 names a transfer's bank in transfer.bank")
    func olderTransferLookup() async throws {
        try await withSandbox { fixture in
            let (key, orderId) = try await fixture.authenticatedPayment(method: "TRANSFER")
            _ = try await fixture.client.confirm(paymentKey: key, orderId: orderId, amount: 15_000, idempotencyKey: "c-1")
            let answer = try await TestHTTPClient.request(port: fixture.port, "GET", "/v1/payments/orders/\(orderId)",
                                                          headers: [("Authorization", SandboxFixture.basicAuth),
                                                                    ("TossPayments-API-Version", "2022-07-27")])
            let transfer = try #require(try Self.object(String(decoding: answer.body, as: UTF8.self))["transfer"] as? [String: Any])
            #expect(transfer["bank"] as? String == "신한" && transfer["bankCode"] == nil)
            #expect(TossPaymentDecoder.record(from: Data(answer.body))?.receiptLines.value("출금 은행") == "신한은행")
        }
    }

    static func object(_ json: String) throws -> [String: Any] {
        try #require((try JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any])
    }
}
