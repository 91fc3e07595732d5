import BankTransfer
import Foundation
import PluginKit
import TestSupport
import Testing
import TossPayments
import TossSandbox

/// One provider under the conformance suite: the provider, the method the behaviours drive, and the shopper's and
/// the world's part done without a browser (a window approved, a deposit arriving, a webhook sent).
struct ProviderHarness: Sendable {
    let provider: any PaymentProvider
    let method: any PaymentMethod
    /// A payment the shopper has authorized for a new order, ready for the shop's confirm: (paymentKey, orderId).
    let authorize: @Sendable (_ amount: Int) async throws -> (String, String)
    /// Brings a confirmed payment to paid (DONE): nothing where the confirm pays, a deposit for a bank transfer.
    let pay: @Sendable (_ record: PaymentRecord) async throws -> PaymentRecord
    /// Where a refund goes when the method needs one.
    let refundTo: RefundDestination?
    /// A delivery the provider's servers would send about `record`, and one a forger would; nil when the provider
    /// sends no webhooks.
    let genuineWebhook: @Sendable (_ record: PaymentRecord) -> PluginKit.WebhookDelivery?
    let forgedWebhook: @Sendable (_ record: PaymentRecord) -> PluginKit.WebhookDelivery?

    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case toss, bankTransfer, redirect
        var testDescription: String { rawValue }
    }

    static func with(_ kind: Kind, _ body: (ProviderHarness) async throws -> Void) async throws {
        switch kind {
        case .toss: try await withToss(body)
        case .bankTransfer: try await body(bankTransfer())
        case .redirect: try await withRedirect(body)
        }
    }

    static func orderId() -> String { "order-" + UUID().uuidString.prefix(12).lowercased() }

    static func withToss(_ body: (ProviderHarness) async throws -> Void) async throws {
        let settings = SandboxConfiguration()
        let sandbox = TossSandbox(configuration: settings)
        try sandbox.start()
        let provider = TossPayments(TossConfiguration(apiBase: sandbox.apiBase, sdkURL: sandbox.sdkURL, clientKey: settings.clientKey,
                                                      secretKey: settings.secretKey))
        let port = sandbox.apiBase.port ?? 0
        let harness = ProviderHarness(
            provider: provider, method: provider.methods[0],
            authorize: { amount in
                let orderId = orderId()
                let request = """
                    {"method":"CARD","amount":{"currency":"KRW","value":\(amount)},"orderId":"\(orderId)","orderName":"사과",\
                    "successUrl":"http://shop.test/success","failUrl":"http://shop.test/fail","customerName":"홍길동"}
                    """
                let query = TestBrowser.formEncode([("clientKey", settings.clientKey), ("customerKey", "@@ANONYMOUS"), ("request", request)])
                let window = try await TestHTTPClient.request(port: port, "GET", "/sandbox/window?" + query)
                guard let action = try HTMLDocument(window).first("//form[@method='post']")?.attribute("action"),
                      let key = action.split(separator: "/").last.map(String.init) else { throw HarnessError.unexpected("no window") }
                _ = try await TestHTTPClient.request(port: port, "POST", "/sandbox/window/\(key)",
                                                     headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("action=approve".utf8))
                return (key, orderId)
            },
            pay: { $0 }, refundTo: nil,
            genuineWebhook: { record in
                PluginKit.WebhookDelivery(body: Array("""
                    {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-01-01T00:00:00.000000","data":\
                    {"paymentKey":"\(record.paymentKey)","orderId":"\(record.orderId)","status":"DONE"}}
                    """.utf8))
            },
            forgedWebhook: { record in
                // Toss signs no payment event: a forger can send the same shape, which proves nothing by itself.
                PluginKit.WebhookDelivery(body: Array("""
                    {"eventType":"PAYMENT_STATUS_CHANGED","data":{"paymentKey":"\(record.paymentKey)","orderId":"\(record.orderId)","status":"CANCELED"}}
                    """.utf8))
            })
        do { try await body(harness) } catch {
            await sandbox.shutdown()
            throw error
        }
        await sandbox.shutdown()
    }

    static func bankTransfer() -> ProviderHarness {
        let provider = BankTransfer(account: BankTransferOptions(bank: "신한은행", accountNumber: "110-123-456789", holder: "주식회사 예시"),
                                    ledger: MemoryPaymentLedger())
        let method = provider.methods[0]
        return ProviderHarness(
            provider: provider, method: method,
            authorize: { _ in
                let orderId = orderId()
                guard case .none(let key) = method.browserStep(for: PaymentOrder(orderId: orderId, orderName: "사과", amount: 1, customerName: "홍길동",
                                                                                 customerPhone: "", successURL: "", failURL: "")) else {
                    throw HarnessError.unexpected("a bank transfer opens no window")
                }
                return (key, orderId)
            },
            pay: { record in
                guard let depositing = method as? any DepositRecordingMethod else { throw HarnessError.unexpected("takes no deposits") }
                return try await depositing.recordDeposit(paymentKey: record.paymentKey, amount: record.totalAmount, depositor: "홍길동",
                                                          idempotencyKey: "deposit-\(record.orderId)")
            },
            refundTo: .bankAccount(bankCode: "088", accountNumber: "110987654321", holderName: "홍길동"),
            genuineWebhook: { _ in nil },
            forgedWebhook: { record in PluginKit.WebhookDelivery(body: Array("{\"orderId\":\"\(record.orderId)\",\"status\":\"DONE\"}".utf8)) })
    }

    static func withRedirect(_ body: (ProviderHarness) async throws -> Void) async throws {
        let gateway = try ExamplePayGateway()
        let secret = "whsec_example"
        let provider = ExamplePay(gateway: gateway.base, webhookSecret: secret)
        @Sendable func delivery(_ record: PaymentRecord, signedWith key: String) -> PluginKit.WebhookDelivery {
            let body = Array("{\"type\":\"payment.paid\",\"orderId\":\"\(record.orderId)\",\"paymentKey\":\"\(record.paymentKey)\"}".utf8)
            return PluginKit.WebhookDelivery(body: body, headers: ["x-example-signature": ExamplePay.sign(body, secret: Array(key.utf8))])
        }
        let harness = ProviderHarness(
            provider: provider, method: provider.methods[0],
            authorize: { amount in
                let orderId = orderId()
                return (gateway.authorize(orderId: orderId, amount: amount), orderId)
            },
            pay: { $0 }, refundTo: nil,
            genuineWebhook: { delivery($0, signedWith: secret) },
            forgedWebhook: { delivery($0, signedWith: "guessed") })
        do { try await body(harness) } catch {
            await gateway.shutdown()
            throw error
        }
        await gateway.shutdown()
    }

    enum HarnessError: Error { case unexpected(String) }
}
