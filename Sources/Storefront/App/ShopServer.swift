import Database
import Foundation
import HTTP
import Mustache
import PluginKit

/// The running shop: the database, the templates, the HTTP server and the background work,
/// started together and stopped together (graceful: in-flight requests finish first).
public final class ShopServer: Sendable {
    public let port: Int
    let http: HTTPServer
    let database: DatabasePool
    let background: Task<Void, Never>
    public let app: StorefrontApp

    init(port: Int, http: HTTPServer, database: DatabasePool, app: StorefrontApp, background: Task<Void, Never>) {
        self.port = port
        self.http = http
        self.database = database
        self.app = app
        self.background = background
    }

    /// Opens (and on first run seeds) the database, loads the templates, and starts listening.
    public static func start(config: StorefrontConfig, paymentMethods: [any PaymentMethod] = [], passwordCost: Int = 12,
                             accessLog: Bool = true, reconcile: Bool = true,
                             log: @escaping @Sendable (String) -> Void) async throws -> ShopServer {
        let database = try await DatabaseBootstrap.open(config.database)
        if try await database.read({ db in try db.queryOne("SELECT count(*) FROM product") { row throws(DatabaseError) in try row.int(0) } }) == 0 {
            let added = try await DemoCatalog.seed(into: database)
            log("event=seeded products=\(added.products) accounts=\(added.accounts)")
        }
        let templates = try MustacheLibrary(directory: config.templates.directory, reloadOnChange: config.templates.reload)
        let origin = PublicOrigin(config.server.publicURL ?? "")
        let app = StorefrontApp(config: config, database: database, templates: templates, paymentMethods: paymentMethods,
                                origin: origin, passwordCost: passwordCost, log: log)
        let router = app.makeRouter()
        let server = config.server
        let http = HTTPServer(configuration: ServerConfiguration(
            host: server.host, port: server.port,
            eventLoops: server.eventLoops == 0 ? ProcessInfo.processInfo.activeProcessorCount : server.eventLoops,
            maxBodyBytes: server.maxBodyBytes,
            headerTimeout: .seconds(server.readTimeoutSeconds), idleTimeout: .seconds(server.idleTimeoutSeconds)),
            handler: router.handler, accessLog: accessLog ? Log.access : nil)
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
        let reconciler = Reconciler(flow: app.paymentFlow)
        let background = Task {
            guard reconcile else { return }
            await reconciler.run()
        }
        return ShopServer(port: port, http: http, database: database, app: app, background: background)
    }

    /// Waits for SIGINT/SIGTERM, then shuts down.
    public func runUntilTerminated() async {
        await http.runUntilTerminated()
        background.cancel()
        await database.close()
    }

    /// Stops accepting, lets in-flight requests finish, closes the database.
    public func shutdown() async {
        background.cancel()
        await http.shutdown()
        await database.close()
    }
}
