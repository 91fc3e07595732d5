import BankTransfer
import Database
import Foundation
import InProcessQueue
import Logging
import MemoryCache
import PluginKit
import Storefront
import TossPayments
import TossSandbox

/// The real shop server and the real Toss sandbox over loopback, wired as `storefront serve` wires them
/// in sandbox mode: the Toss plugins point at the sandbox, the sandbox's webhooks point at the shop.
/// Shared by the HTTP-level end-to-end tests and the browser tests; it uses the shop's public API only.
public struct LiveShop: Sendable {
    public let server: ShopServer
    public let sandbox: TossSandbox
    /// The shop's own database (the one the server writes through).
    public let database: any DatabaseWriter
    /// The product every journey buys ("사과", 12,900원).
    public let product: Product
    public let flow: PaymentFlow

    public var origin: String { "http://127.0.0.1:\(server.port)" }

    public func status(_ orderId: String) async throws -> OrderStatus? {
        try await database.read { db in try OrderRepository().find(db, orderId: orderId)?.status }
    }
    public func stock() async throws -> Int { try await stock(product.id) }
    public func stock(_ productId: Int) async throws -> Int {
        try await database.read { db in try CatalogRepository().product(db, id: productId)?.quantity ?? -1 }
    }
    public func payment(_ orderId: String) async throws -> StoredPayment? {
        try await database.read { db in try PaymentRepository().find(db, orderId: orderId) }
    }
    /// Signs up another shopper with the fixture's password (hashed at the cheap cost the live server checks).
    @discardableResult
    public func signUp(_ signupId: String) async throws -> Account { try await loadTarget.signUp(signupId) }
}

extension ShopPlugins {
    /// What `storefront serve` uses on embedded defaults: the memory cache and the in-process queue, so
    /// events flow (the bought lines leave the cart, stock changes invalidate the catalog) as they do live.
    public static var embedded: ShopPlugins { ShopPlugins(cache: MemoryCache(), queue: InProcessQueue()) }
}

/// The product and the shopper every live shop starts with.
public enum LiveShopFixture {
    /// The shop's own account 무통장입금 pays into (offered when `payments.methods` lists `banktransfer.account`).
    public static let bankAccount = BankTransferOptions(bank: "신한은행", accountNumber: "110-123-456789", holder: "주식회사 예시")
    public static let signupId = "shopper"
    public static let password = "correct horse"
    public static let productName = "사과"
    public static let productPrice = 12_900
}

/// Starts a shop on `engine` with one product ("사과", 12,900원, `stock` units), any `extraProducts`, and one
/// shopper ("shopper" / "correct horse"), runs `body`, and stops everything. On PostgreSQL the shop gets a
/// database of its own on the test server, dropped afterwards.
public func withLiveShop(engine: DatabaseEngine = .sqlite, stock: Int = 5, extraProducts: [NewProduct] = [], clientTimeout: Duration = .seconds(30),
                         sandboxSettings: SandboxConfiguration = .init(), plugins: ShopPlugins = .embedded,
                         logger: Logger = .discarding,
                         configure: (inout StorefrontConfig) -> Void = { _ in },
                         _ body: (LiveShop) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("live-shop-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("shop.sqlite").path
    let postgres = engine == .postgres ? try await PostgresTestServer.createDatabase() : nil
    do {
        try await runLiveShop(path: path, postgres: postgres, stock: stock, extraProducts: extraProducts, clientTimeout: clientTimeout,
                              sandboxSettings: sandboxSettings, plugins: plugins, logger: logger, configure: configure, body)
        await postgres?.drop()
    } catch {
        await postgres?.drop()
        throw error
    }
}

/// A fresh, migrated database for a live shop: a SQLite file at `path`, or the created PostgreSQL database.
private func openSetupDatabase(path: String, postgres: PostgresTestServer.CreatedDatabase?) async throws -> any DatabaseWriter {
    guard let postgres else { return try await StorefrontSchema.open(path: path, configuration: .init(readerCount: 1)) }
    let pool = try await PostgresPool(configuration: PostgresConfiguration(url: postgres.url, poolSize: 1))
    do {
        try await StorefrontSchema.migrator.migrate(pool)
    } catch {
        await pool.close()
        throw error
    }
    return pool
}

private func runLiveShop(path: String, postgres: PostgresTestServer.CreatedDatabase?, stock: Int, extraProducts: [NewProduct],
                         clientTimeout: Duration, sandboxSettings: SandboxConfiguration, plugins: ShopPlugins, logger: Logger,
                         configure: (inout StorefrontConfig) -> Void, _ body: (LiveShop) async throws -> Void) async throws {
    // Prepared beforehand so the server finds a catalog and does not seed the demo one.
    let setupPool = try await openSetupDatabase(path: path, postgres: postgres)
    let product: Product
    do {
        product = try await LiveShopSeed.insert(setupPool, [
            NewProduct(name: LiveShopFixture.productName, price: LiveShopFixture.productPrice, category: "식품",
                       country: "대한민국", manufacturer: "한빛식품", quantity: stock),
        ] + extraProducts)
        _ = try await AccountService(database: setupPool, passwordCost: 4).signUp(
            SignupForm(signupId: LiveShopFixture.signupId, password: LiveShopFixture.password, name: "홍길동", phone: "010-1234-5678"))
    } catch {
        await setupPool.close()
        throw error
    }
    await setupPool.close()

    var settings = sandboxSettings
    settings.webhookRetryUnit = .milliseconds(20)
    let sandbox = TossSandbox(configuration: settings)
    try sandbox.start()
    let toss = TossConfiguration(apiBase: sandbox.apiBase, sdkURL: sandbox.sdkURL, clientKey: settings.clientKey,
                                 secretKey: settings.secretKey, timeout: clientTimeout)
    var config = StorefrontConfig()
    config.server.port = 0
    config.database.path = path
    // Uploads (review photos) beside the database, in the folder withLiveShop removes afterwards.
    config.media.directory = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("media").path
    if let postgres {
        config.database.engine = DatabaseEngine.postgres.rawValue
        config.database.url = postgres.urlText
        config.database.poolSize = 4
    }
    config.payments.toss.sdkURL = sandbox.sdkURL
    config.templates.directory = LiveShopPaths.root.appendingPathComponent("Templates").path
    config.templates.publicDirectory = LiveShopPaths.root.appendingPathComponent("Public").path
    configure(&config)
    let server: ShopServer
    do {
        let ledger = PaymentLedgerSlot()
        server = try await ShopServer.start(config: config, paymentProviders: [TossPayments(toss),
                                                                              BankTransfer(account: LiveShopFixture.bankAccount, ledger: ledger)],
                                            paymentLedger: ledger, plugins: plugins,
                                            passwordCost: 4, accessLog: false, reconcile: false, logger: logger)
    } catch {
        await sandbox.shutdown()
        throw error
    }
    sandbox.setWebhookURL("http://127.0.0.1:\(server.port)/payments/toss/webhook")
    let live = LiveShop(server: server, sandbox: sandbox, database: server.app.database, product: product,
                        flow: server.app.paymentFlow)
    do {
        try await body(live)
    } catch {
        await sandbox.shutdown()
        await server.shutdown()
        throw error
    }
    await sandbox.shutdown()
    await server.shutdown()
}

private enum LiveShopSeed {
    /// Inserts the products in one transaction and returns the first.
    static func insert(_ database: any DatabaseWriter, _ products: [NewProduct]) async throws -> Product {
        let catalog = CatalogRepository()
        let inserted = try await database.write { db in try products.map { try catalog.insert(db, $0) } }
        guard let first = inserted.first else { throw LiveShopError.noProducts }
        return first
    }
}

enum LiveShopError: Error { case noProducts }

/// Where the package's own folders are, found from this file so tests run from any directory.
public enum LiveShopPaths {
    /// The package root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
