import Foundation
import HTTP
import PluginKit
import TestSupport
import TossPayments
import TossSandbox
@testable import Storefront

/// The real shop server and the real Toss sandbox over loopback, wired as `storefront serve` wires them
/// in sandbox mode: the Toss plugins point at the sandbox, the sandbox's webhooks point at the shop.
struct LiveShop {
    let server: ShopServer
    let sandbox: TossSandbox
    let shop: Shop
    let product: Product
    let flow: PaymentFlow

    var origin: String { "http://127.0.0.1:\(server.port)" }

    func status(_ orderId: String) async throws -> OrderStatus? { try await shop.orders.find(orderId: orderId)?.status }
    func stock() async throws -> Int { try await shop.stock(product.id) }
    func payment(_ orderId: String) async throws -> TossPaymentRecord? { try await PaymentRepository(database: shop.pool).find(orderId: orderId) }
}

/// Starts a shop with one product ("사과", 12,900원) and one shopper ("shopper" / "correct horse"),
/// runs `body`, and stops everything.
func withLiveShop(stock: Int = 5, clientTimeout: Duration = .seconds(5), sandboxSettings: SandboxConfiguration = .init(),
                  plugins: ShopPlugins = ShopPlugins(), log: @escaping @Sendable (String) -> Void = { _ in },
                  _ body: (LiveShop) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("live-shop-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("shop.sqlite").path

    // Prepared beforehand so the server finds a catalog and does not seed the demo one.
    let setupPool = try await StorefrontSchema.open(path: path, configuration: .init(readerCount: 1))
    let product = try await Shop(pool: setupPool).product("사과", price: 12_900, quantity: stock)
    _ = try await Shop(pool: setupPool).signedUp()
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
    config.payments.toss.sdkURL = sandbox.sdkURL
    config.templates.directory = LiveShopPaths.root.appendingPathComponent("Templates").path
    config.templates.publicDirectory = LiveShopPaths.root.appendingPathComponent("Public").path
    let server: ShopServer
    do {
        server = try await ShopServer.start(config: config, paymentMethods: TossPayments.methods(toss), plugins: plugins,
                                            passwordCost: 4, accessLog: false, reconcile: false, log: log)
    } catch {
        await sandbox.shutdown()
        throw error
    }
    sandbox.setWebhookURL("http://127.0.0.1:\(server.port)/payments/toss/webhook")
    let live = LiveShop(server: server, sandbox: sandbox, shop: Shop(pool: server.app.database), product: product,
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

enum LiveShopPaths {
    /// The package root, found from this file so tests run from any directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
