import Database
import Foundation
import HTTP
import Logging
import Mustache
import PluginKit

/// The running shop: the database, the templates, the HTTP server and the background work,
/// started together and stopped together (graceful: in-flight requests finish first).
public final class ShopServer: Sendable {
    public let port: Int
    let http: HTTPServer
    let database: any DatabaseWriter
    let background: [Task<Void, Never>]
    let plugins: ShopPlugins
    public let app: StorefrontApp
    /// Client connections the server holds open at most (`server.maxConnections`, or what the descriptor limit allows).
    public var maxConnections: Int { http.configuration.maxConnections }

    init(port: Int, http: HTTPServer, database: any DatabaseWriter, app: StorefrontApp, background: [Task<Void, Never>], plugins: ShopPlugins) {
        self.port = port
        self.http = http
        self.database = database
        self.app = app
        self.background = background
        self.plugins = plugins
    }

    /// Opens (and on first run seeds) the database, loads the templates, and starts listening. `reconcile`
    /// runs the reconciler and the housekeeping in the background (tests turn them off to own the clock).
    /// `logger` receives the shop's events and, with `accessLog`, one `request` event per answered request.
    /// `paymentLedger`, when given, is attached to the database once it is open (the providers were built with it).
    public static func start(config: StorefrontConfig, paymentMethods: [any PaymentMethod] = [],
                             paymentProviders: [any PaymentProvider] = [], paymentLedger: PaymentLedgerSlot? = nil,
                             plugins: ShopPlugins = ShopPlugins(),
                             passwordCost: Int = 12, accessLog: Bool = true, reconcile: Bool = true,
                             logger: Logger) async throws -> ShopServer {
        let database = try await DatabaseBootstrap.open(config.database)
        paymentLedger?.attach(DatabasePaymentLedger(database: database))
        if try await database.read({ db in try db.queryOne("SELECT count(*) AS products FROM product") { row throws(DatabaseError) in try row.int("products") } }) == 0 {
            // The demo accounts hash at the shop's own cost (tests start shops at 4, not bcrypt's 12).
            let added = try await DemoCatalog.seed(into: database, hasher: PasswordHasher(cost: passwordCost))
            logger.notice("seeded", ["products": .int(added.products), "accounts": .int(added.accounts)])
        }
        let templates = try MustacheLibrary(directory: config.templates.directory, reloadOnChange: config.templates.reload,
                                            trimmingIndentation: true)
        let origin = PublicOrigin(config.server.publicURL ?? "")
        let app = StorefrontApp(config: config, database: database, templates: templates, paymentMethods: paymentMethods,
                                paymentProviders: paymentProviders, origin: origin, cache: plugins.cache, passwordCost: passwordCost, logger: logger)
        let router = app.makeRouter()
        var configuration = app.serverConfiguration
        // Upload routes (registered with streamingBodyUpTo:) read their bodies as they arrive.
        configuration.streamedBodyLimit = router.streamedBodyLimit
        let http = HTTPServer(configuration: configuration, handler: router.handler, accessLog: accessLog ? logger : nil)
        app.metrics.observe(openConnections: { http.openConnections })
        let port: Int
        do {
            port = try http.start()
        } catch {
            await database.close()
            throw error
        }
        if config.server.publicURL == nil {
            let host = config.server.host == "0.0.0.0" ? "127.0.0.1" : config.server.host
            origin.set("http://\(host):\(port)")
        }
        var background: [Task<Void, Never>] = []
        if reconcile {
            let reconciler = Reconciler(flow: app.paymentFlow)
            background.append(Task { await reconciler.run() })
            let housekeeping = Housekeeping(database: database, logger: logger,
                                            autoConfirm: (app.fulfilment, days: config.shipping.autoConfirmDays))
            background.append(Task { await housekeeping.run() })
        }
        if let queue = plugins.queue {
            do {
                try await EventConsumers(database: database, cache: plugins.cache, notifier: plugins.notifier, logger: logger).subscribe(to: queue)
            } catch {
                await http.shutdown()
                await database.close()
                throw error
            }
            let relay = OutboxRelay(database: database, queue: queue, metrics: app.metrics, logger: logger)
            background.append(Task { await relay.run() })
        }
        return ShopServer(port: port, http: http, database: database, app: app, background: background, plugins: plugins)
    }

    /// Waits for SIGINT/SIGTERM, then shuts down.
    public func runUntilTerminated() async {
        await http.runUntilTerminated()
        await stopBackground()
    }

    /// Stops accepting, lets in-flight requests finish, closes the database.
    public func shutdown() async {
        await http.shutdown()
        await stopBackground()
    }

    /// The relay and reconciler stop first (so nothing new is published), then the queue drains its
    /// running handlers, then the cache and the database close.
    private func stopBackground() async {
        for task in background { task.cancel() }
        for task in background { await task.value }
        await plugins.queue?.shutdown()
        await plugins.notifier?.shutdown()
        await plugins.cache?.shutdown()
        await database.close()
    }
}

/// The cache, queue and notifier a running shop uses, built from storefront.json by the executable's registry.
/// All are optional so tests and tools can run a shop without them (notices need the queue too).
public struct ShopPlugins: Sendable {
    public var cache: (any Cache)?
    public var queue: (any MessageQueue)?
    public var notifier: (any Notifier)?

    public init(cache: (any Cache)? = nil, queue: (any MessageQueue)? = nil, notifier: (any Notifier)? = nil) {
        self.cache = cache
        self.queue = queue
        self.notifier = notifier
    }
}
