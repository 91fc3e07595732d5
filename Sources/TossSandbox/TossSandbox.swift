import Foundation
import HTTP
import Synchronization

/// How the sandbox runs: where it listens, which key pair it accepts, the Toss points 토스페이 spends, and
/// where (and how fast) it sends webhooks.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    public var clientKey = "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq"
    public var secretKey = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R"
    /// The Toss points a 토스페이 payment spends (easyPay.discountAmount), capped at the amount; the account or
    /// card chosen in the window pays the rest.
    public var tossPayDiscount = 1_000
    /// The merchant's webhook endpoint; nil sends none.
    public var webhookURL: String?
    /// Toss retries after 1, 4, 16… minutes; tests make a "minute" shorter.
    public var webhookRetryUnit: Duration = .seconds(60)
    /// The API version the key is set to in the developer centre: the shape of an answer to a request that
    /// sends no `TossPayments-API-Version` header (see `SandboxPayment.json(version:)`).
    public var apiVersion = SandboxPayment.currentVersion

    public init() {}

    /// Where the sandbox bundled with a shop keeps its ledger: a file of its own beside the shop's database,
    /// named after it (`var/storefront.sqlite` → `var/storefront.toss-sandbox.sqlite`), so two shops with
    /// two databases never share one.
    public static func ledgerPath(besideDatabase databasePath: String) -> String {
        (databasePath as NSString).deletingPathExtension + ".toss-sandbox.sqlite"
    }
}

/// An offline stand-in for Toss Payments that speaks TOSS_API.md's contract on a loopback port: the
/// core API (`/v1/payments/…`), a v2 browser SDK shim and payment window, virtual-account deposits,
/// webhooks, Toss's test-code header and fault switches. The storefront cannot tell it from Toss except
/// by the base URL. Payments live in memory for the life of the process, or, opened with a ledger file,
/// on disk too, so a restarted sandbox still confirms, looks up and refunds what it knew (idempotency keys,
/// webhook retries and the test clock are not kept: a repeated request after a restart is answered as
/// Toss answers a new one, e.g. `ALREADY_PROCESSED_PAYMENT`).
public final class TossSandbox: Sendable {
    public let configuration: SandboxConfiguration
    let ledger: SandboxLedger
    let idempotency = IdempotencyStore()
    let webhooks: WebhookSender
    let faultState = Mutex(SandboxFaults())
    private let calls = Mutex<[String: Int]>([:])
    private let boundPort = Mutex<Int?>(nil)
    let stopping = Atomic<Bool>(false)
    private let server = Mutex<HTTPServer?>(nil)

    /// A sandbox whose payments live in memory only.
    public convenience init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        self.init(configuration: configuration, ledger: SandboxLedger(tossPayDiscount: configuration.tossPayDiscount))
    }

    /// A sandbox whose payments are kept in the SQLite file at `ledgerPath` (created if missing, its own
    /// schema), starting from every payment already there. Throws when the file cannot be opened or read.
    public convenience init(configuration: SandboxConfiguration = SandboxConfiguration(), ledgerPath: String) throws {
        let store = try SandboxStore(path: ledgerPath)
        self.init(configuration: configuration, ledger: try SandboxLedger(tossPayDiscount: configuration.tossPayDiscount, store: store))
    }

    private init(configuration: SandboxConfiguration, ledger: SandboxLedger) {
        self.configuration = configuration
        self.ledger = ledger
        webhooks = WebhookSender(url: configuration.webhookURL, retryUnit: configuration.webhookRetryUnit)
    }

    /// Starts listening; returns the port.
    @discardableResult
    public func start() throws(ServerError) -> Int {
        var router = Router()
        installAPI(on: &router)
        installWindow(on: &router)
        let http = HTTPServer(configuration: ServerConfiguration(host: configuration.host, port: configuration.port, eventLoops: 1,
                                                                 shutdownTimeout: .seconds(5)),
                              handler: router.handler, accessLog: nil)
        let port = try http.start()
        boundPort.withLock { $0 = port }
        server.withLock { $0 = http }
        return port
    }

    public func shutdown() async {
        stopping.store(true, ordering: .relaxed)
        webhooks.stop()
        let http = server.withLock { server in
            defer { server = nil }
            return server
        }
        await http?.shutdown()
    }

    /// Waits for SIGINT/SIGTERM, then stops (the `toss-sandbox` executable).
    public func runUntilTerminated() async {
        guard let http = server.withLock({ $0 }) else { return }
        await http.runUntilTerminated()
        webhooks.stop()
    }

    /// `http://host:port` of the running sandbox (Toss's `https://api.tosspayments.com`).
    public var origin: String {
        let host = configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host
        return "http://\(host):\(boundPort.withLock { $0 } ?? configuration.port)"
    }

    /// The API base for a Toss client.
    public var apiBase: URL { URL(string: origin) ?? URL(fileURLWithPath: "/") }
    /// The browser SDK shim (Toss's `https://js.tosspayments.com/v2/standard`).
    public var sdkURL: String { origin + "/v2/standard" }
    /// The dashboard listing payments, with 입금하기 for waiting virtual accounts.
    public var dashboardURL: String { origin + "/sandbox" }

    public func setWebhookURL(_ url: String?) { webhooks.setURL(url) }
    public var faults: SandboxFaults { faultState.withLock { $0 } }
    public func setFaults(_ faults: SandboxFaults) { faultState.withLock { $0 = faults } }
    /// Moves the sandbox's clock forward (Toss's 10- and 30-minute deadlines, virtual-account due dates).
    public func advanceClock(by seconds: TimeInterval) { ledger.advanceClock(by: seconds) }
    public var webhookDeliveries: [WebhookDelivery] { webhooks.deliveries }
    /// The ledger file, or nil when payments live in memory only.
    public var ledgerPath: String? { ledger.storePath }

    /// How many calls each API operation received (`confirm`, `cancel`, `lookup`), for tests that
    /// prove a race made one call, not two.
    public func callCount(_ operation: String) -> Int { calls.withLock { $0[operation] ?? 0 } }
    func count(_ operation: String) { calls.withLock { $0[operation, default: 0] += 1 } }

    /// The Toss status of the order's payment as the lookup by orderId answers it (the approved one when
    /// there is one), e.g. `DONE`; nil when the sandbox knows none.
    public func status(orderId: String) -> String? { ledger.payment(orderId: orderId)?.status }

    /// Every payment the shop confirmed (approved, or a virtual account issued), with its status, total and how
    /// many cancels (refunds) it had: what a ledger audit holds the shop's orders against.
    public var confirmedPayments: [(orderId: String, status: String, totalAmount: Int, cancels: Int)] {
        ledger.all().filter(\.isConfirmed).map { ($0.orderId, $0.status, $0.totalAmount, $0.cancels.count) }
    }

    /// The Toss status of one payment, e.g. `READY` for a window nobody approved.
    public func status(paymentKey: String) -> String? { ledger.payment(key: paymentKey)?.status }

    /// Deposits into the order's waiting virtual account and sends the webhooks, as the dashboard's
    /// 입금하기 does.
    public func deposit(orderId: String) async -> Result<String, TossAPIError> {
        sent(await ledger.deposit(orderId: orderId))
    }

    /// Takes the deposit of the order's paid virtual account back (입금 오류) and sends DEPOSIT_CALLBACK with
    /// WAITING_FOR_DEPOSIT, as the dashboard's 입금 취소 does.
    public func reverseDeposit(orderId: String) async -> Result<String, TossAPIError> {
        sent(await ledger.reverseDeposit(orderId: orderId))
    }

    private func sent(_ change: Result<(SandboxPayment, [SandboxWebhook]), TossAPIError>) -> Result<String, TossAPIError> {
        change.map { payment, events in
            webhooks.send(events, now: ledger.now)
            return payment.status
        }
    }
}
