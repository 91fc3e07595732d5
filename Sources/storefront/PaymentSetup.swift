import BankTransfer
import Foundation
import Logging
import PluginKit
import Storefront
import Synchronization
import TossPayments
import TossSandbox

/// Builds the payment providers `serve` offers from storefront.json through the registry: each provider named in
/// `payments.providers` or owning a listed method, from its options (errors name `payments.providers.NAME.options.KEY`).
/// Toss in `sandbox` mode starts the bundled sandbox on loopback (Toss's public test keys, no network), its ledger
/// kept in a file beside the shop's database so a restart keeps paid orders refundable; in `live` mode the keys come
/// from TOSS_SECRET_KEY / TOSS_CLIENT_KEY.
struct PaymentSetup {
    var providers: [any PaymentProvider]
    /// Where providers without a server keep their records; `ShopServer` attaches the database to it.
    var ledger: PaymentLedgerSlot
    /// The configuration with `payments.toss` set to the Toss settings in effect, so the pages' CSP allows the SDK.
    var config: StorefrontConfig
    var sandbox: TossSandbox?

    var methods: [any PaymentMethod] { providers.flatMap(\.methods) }

    /// The sandbox a Toss factory started, handed back to `serve` (which stops it) and the CSP settings it used.
    final class Started: Sendable {
        let sandbox = Mutex<TossSandbox?>(nil)
        let toss = Mutex<TossSection?>(nil)
    }

    /// Every payment provider this build ships. `databasePath` places the Toss sandbox's ledger file.
    static func register(into registry: inout PluginRegistry, databasePath: String, started: Started) {
        registry.registerPaymentProvider("toss", summary: "토스페이먼츠 (mode sandbox|live, apiBase, sdkURL, sandboxPort, apiVersion; keys TOSS_SECRET_KEY, TOSS_CLIENT_KEY)",
                                         methods: TossPayments.methodNames) { context throws(PluginError) in
            let options = try TossOptions(context.options)
            var configuration: TossConfiguration
            var section = TossSection()
            section.mode = options.mode
            if options.mode == "live" {
                configuration = try options.liveConfiguration(context)
            } else {
                var settings = SandboxConfiguration()
                settings.port = options.sandboxPort
                do {
                    let ledger = SandboxConfiguration.ledgerPath(besideDatabase: databasePath)
                    // The shop's database folder (var/) is created when the database opens, which is after this.
                    try FileManager.default.createDirectory(at: URL(fileURLWithPath: ledger).deletingLastPathComponent(),
                                                            withIntermediateDirectories: true)
                    let sandbox = try TossSandbox(configuration: settings, ledgerPath: ledger)
                    try sandbox.start()
                    started.sandbox.withLock { $0 = sandbox }
                    configuration = TossConfiguration(apiBase: sandbox.apiBase, sdkURL: sandbox.sdkURL,
                                                      clientKey: settings.clientKey, secretKey: settings.secretKey)
                } catch {
                    throw PluginError(keyPath: "\(context.options.keyPath).mode", "the Toss sandbox could not start: \(error)")
                }
            }
            configuration.apiVersion = options.apiVersion
            section.sdkURL = configuration.sdkURL
            section.apiBase = options.apiBase
            started.toss.withLock { $0 = section }
            return TossPayments(configuration)
        }
        registry.registerPaymentProvider("banktransfer", summary: "무통장입금 to the shop's own account (bank, accountNumber, holder, validHours)",
                                         methods: BankTransfer.methodNames) { context throws(PluginError) in
            try BankTransfer(context)
        }
    }

    static func prepare(_ config: StorefrontConfig, environment: [String: String], source: String, logger: Logger) async throws -> PaymentSetup {
        var config = config
        var registry = PluginRegistry()
        let started = Started()
        register(into: &registry, databasePath: config.database.path, started: started)
        let ledger = PaymentLedgerSlot()
        var providers: [any PaymentProvider] = []
        do throws(PluginError) {
            for (name, options) in config.payments.providerOptions {
                let keyPath = config.payments.hasLegacyToss && name == "toss" && config.payments.providers[name] == nil
                    ? "payments.toss" : "payments.providers.\(name).options"
                providers.append(try await registry.makePaymentProvider(name, options: PluginOptions(options, keyPath: keyPath),
                                                                        environment: environment, logger: logger, ledger: ledger))
            }
        } catch {
            await started.sandbox.withLock({ $0 })?.shutdown()
            throw ConfigError(source: source, keyPath: error.keyPath, problem: error.problem)
        }
        if let toss = started.toss.withLock({ $0 }) { config.payments.toss = toss }
        let registered = providers.flatMap(\.methods)
        for (index, id) in config.payments.methods.enumerated() where !registered.contains(where: { $0.id == id }) {
            await started.sandbox.withLock({ $0 })?.shutdown()
            throw ConfigError(source: source, keyPath: "payments.methods[\(index)]",
                              problem: "unknown payment method \"\(id)\"; registered: \(registered.map(\.id).joined(separator: ", "))")
        }
        return PaymentSetup(providers: providers, ledger: ledger, config: config, sandbox: started.sandbox.withLock { $0 })
    }
}
