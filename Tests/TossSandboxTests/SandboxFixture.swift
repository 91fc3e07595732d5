import Foundation
import HTTP
import PluginKit
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// A running sandbox and a Toss client pointed at it, plus the browser half of a payment (open the
/// window, press a button) done over raw HTTP.
struct SandboxFixture {
    let sandbox: TossSandbox
    let client: TossClient
    var port: Int { sandbox.apiBase.port ?? 0 }

    /// Opens the window for a new order and approves it, as the person would: READY → IN_PROGRESS.
    func authenticatedPayment(method: String = "CARD", amount: Int = 15_000, extras: String = "",
                              action: String = "approve") async throws -> (paymentKey: String, orderId: String) {
        let orderId = "order-" + UUID().uuidString.prefix(8)
        let key = try await openWindow(method: method, amount: amount, orderId: String(orderId), extras: extras)
        try await approve(key, action: action)
        return (key, String(orderId))
    }

    /// Presses 결제 승인 (or the button of `action`, e.g. 토스페이's `approve-card`) in the window of `paymentKey`.
    func approve(_ paymentKey: String, action: String = "approve") async throws {
        let answer = try await TestHTTPClient.request(port: port, "POST", "/sandbox/window/\(paymentKey)",
                                                      headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                      body: Array("action=\(action)".utf8))
        guard answer.status == 303 else { throw FixtureError.unexpected("approve answered \(answer.status)") }
    }

    func openWindow(method: String = "CARD", amount: Int = 15_000, orderId: String, extras: String = "",
                    clientKey: String = SandboxConfiguration().clientKey) async throws -> String {
        let response = try await windowResponse(method: method, amount: amount, orderId: orderId, extras: extras, clientKey: clientKey)
        guard response.status == 200, let action = try HTMLDocument(response).first("//form[@method='post']")?.attribute("action"),
              let key = action.split(separator: "/").last else { throw FixtureError.unexpected("window answered \(response.status)") }
        return String(key)
    }

    func windowResponse(method: String = "CARD", amount: Int = 15_000, orderId: String, extras: String = "",
                        clientKey: String = SandboxConfiguration().clientKey, windowTarget: String? = nil) async throws -> TestResponse {
        let request = """
            {"method":"\(method)","amount":{"currency":"KRW","value":\(amount)},"orderId":"\(orderId)","orderName":"사과 외 1건",\
            "successUrl":"http://shop.test/success","failUrl":"http://shop.test/fail","customerName":"홍길동"\(extras)}
            """
        let query = TestBrowser.formEncode([("clientKey", clientKey), ("customerKey", "@@ANONYMOUS"), ("request", request)]
                                           + (windowTarget.map { [("windowTarget", $0)] } ?? []))
        return try await TestHTTPClient.request(port: port, "GET", "/sandbox/window?" + query)
    }

    /// A raw API call, for what the client never sends (bad auth, the test-code header).
    func raw(_ method: String, _ path: String, headers: [(String, String)] = [], json: String? = nil) async throws -> (status: Int, code: String?) {
        var all = headers
        if json != nil { all.append(("Content-Type", "application/json")) }
        let response = try await TestHTTPClient.request(port: port, method, path, headers: all, body: Array((json ?? "").utf8))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        return (response.status, object?["code"] as? String)
    }

    static let basicAuth = "Basic " + Data("\(SandboxConfiguration().secretKey):".utf8).base64EncodedString()

    enum FixtureError: Error { case unexpected(String) }
}

/// Runs `body` with a started sandbox (its ledger in memory, or in the file at `ledgerPath`) and a client.
func withSandbox(settings: SandboxConfiguration = .init(), clientTimeout: Duration = .seconds(30), secretKey: String? = nil,
                 ledgerPath: String? = nil, _ body: (SandboxFixture) async throws -> Void) async throws {
    let sandbox = try ledgerPath.map { try TossSandbox(configuration: settings, ledgerPath: $0) } ?? TossSandbox(configuration: settings)
    try sandbox.start()
    let client = TossClient(configuration: TossConfiguration(
        apiBase: sandbox.apiBase, sdkURL: sandbox.sdkURL, clientKey: settings.clientKey,
        secretKey: secretKey ?? settings.secretKey, timeout: clientTimeout))
    do {
        try await body(SandboxFixture(sandbox: sandbox, client: client))
    } catch {
        await sandbox.shutdown()
        throw error
    }
    await sandbox.shutdown()
}

/// Runs `operation` expecting a `PaymentError`, and returns it.
func paymentError<T>(_ operation: () async throws(PaymentError) -> T) async -> PaymentError? {
    do {
        _ = try await operation()
        return nil
    } catch {
        return error
    }
}

/// `withSandbox` whose webhooks go to a receiver of the test's own that answers `answer`; the receiver is stopped
/// afterwards, whatever the body did.
func withWebhookSandbox(answer: Int, configure: (inout SandboxConfiguration) -> Void = { _ in },
                        _ body: (SandboxFixture, WebhookReceiver) async throws -> Void) async throws {
    let receiver = WebhookReceiver(answer: answer)
    let port = try receiver.start()
    var settings = SandboxConfiguration()
    settings.webhookURL = "http://127.0.0.1:\(port)/hook"
    configure(&settings)
    do {
        try await withSandbox(settings: settings) { fixture in try await body(fixture, receiver) }
    } catch {
        await receiver.stop()
        throw error
    }
    await receiver.stop()
}
