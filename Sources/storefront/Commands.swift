import Database
import Foundation
import Logging
import Storefront
import TossPayments

/// The storefront's subcommands. Each returns the process exit status: 0 done, 1 failed (with one
/// line on stderr saying why).
enum Commands {
    static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("storefront: \(message)\n".utf8))
        return 1
    }

    /// Reads the configuration the way every command does: `--config FILE` (must exist) or
    /// `./storefront.json` (optional), then the environment, then command-line flags.
    static func configuration(_ options: StorefrontCommand.CommonOptions) throws(ConfigError) -> StorefrontConfig {
        var config = try ConfigLoader.load(path: options.configPath ?? "storefront.json", required: options.configPath != nil)
        if let port = options.port { config.server.port = port }
        if let path = options.databasePath { config.database.path = path }
        return config
    }

    static func migrate(_ options: StorefrontCommand.CommonOptions) async -> Int32 {
        do {
            let config = try configuration(options)
            let pool = try await DatabaseBootstrap.open(config.database, source: options.configPath ?? "storefront.json")
            let version = try await pool.read { db in try Migrator.version(of: db) }
            await pool.close()
            print("database \(config.database.location) is at schema version \(version)")
            return 0
        } catch {
            return fail("\(error)")
        }
    }

    static func copyDatabase(from path: String, to text: String) async -> Int32 {
        do {
            let url = try PostgresURL(parsing: text)
            // libpq blocks: the copy runs on a thread of its own, not the cooperative pool.
            let copied = try await withCheckedThrowingContinuation { (done: CheckedContinuation<[String: Int], any Error>) in
                Thread { done.resume(with: Result { try DatabaseCopy.copy(sqlitePath: path, to: PostgresConfiguration(url: url, poolSize: 1)) }) }.start()
            }
            let summary = copied.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            print("copied \(path) into \(url): \(summary)")
            return 0
        } catch {
            return fail("\(error)")
        }
    }

    static func seed(_ options: StorefrontCommand.CommonOptions) async -> Int32 {
        do {
            let config = try configuration(options)
            let pool = try await DatabaseBootstrap.open(config.database, source: options.configPath ?? "storefront.json")
            let added = try await DemoCatalog.seed(into: pool)
            let reviews = try await DemoReviews.seed(into: pool)
            await pool.close()
            print("seeded \(config.database.location): \(added.products) products, \(added.accounts) accounts, \(reviews) reviews added")
            return 0
        } catch {
            return fail("\(error)")
        }
    }

    static func listPlugins() async -> Int32 {
        print(PluginSetup.listing)
        return 0
    }

    static func serve(_ options: StorefrontCommand.CommonOptions) async -> Int32 {
        let fileConfig: StorefrontConfig
        do { fileConfig = try configuration(options) } catch { return fail("\(error)") }
        do {
            let payments = try await PaymentSetup.prepare(fileConfig, environment: ProcessInfo.processInfo.environment,
                                                          source: options.configPath ?? "storefront.json", logger: Logger(label: "storefront"))
            let config = payments.config
            let logger = Logger(label: "storefront")
            let server: ShopServer
            do {
                let plugins = try await PluginSetup.make(config, source: options.configPath ?? "storefront.json", logger: logger)
                server = try await ShopServer.start(config: config, paymentProviders: payments.providers, paymentLedger: payments.ledger,
                                                    plugins: plugins, logger: logger)
            } catch {
                await payments.sandbox?.shutdown()
                throw error
            }
            let origin = config.server.publicURL ?? "http://\(config.server.host == "0.0.0.0" ? "127.0.0.1" : config.server.host):\(server.port)"
            if let sandbox = payments.sandbox {
                sandbox.setWebhookURL(origin + "/payments/toss/webhook")
                logger.info("toss_sandbox", ["api": "\(sandbox.origin)", "dashboard": "\(sandbox.dashboardURL)",
                                             "ledger": .string(sandbox.ledgerPath ?? "memory")])
            }
            var listening: Logger.Metadata = [
                "url": .string(origin), "database": .string(config.database.location), "cache": .string(config.cache.plugin),
                "queue": .string(config.queue.plugin), "toss": .string(config.payments.toss.mode),
                "payments": .string(config.payments.methods.joined(separator: ",")), "max_connections": .int(server.maxConnections),
            ]
            // Who may read /metrics, never the token itself.
            listening["metrics"] = config.server.metricsToken == nil ? "loopback" : "bearer_token"
            if !config.server.trustedProxies.isEmpty { listening["trusted_proxies"] = .string(config.server.trustedProxies.joined(separator: ",")) }
            logger.info("listening", listening)
            await server.runUntilTerminated()
            await payments.sandbox?.shutdown()
            logger.info("stopped")
            return 0
        } catch {
            return fail("\(error)")
        }
    }
}
