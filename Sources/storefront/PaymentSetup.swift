import Foundation
import PluginKit
import Storefront
import TossPayments
import TossSandbox

/// Builds the payment methods `serve` offers from storefront.json: in `sandbox` mode it starts the
/// bundled Toss sandbox on loopback and points the Toss plugins at it (Toss's public test keys, no
/// network), its ledger kept in a file beside the shop's database so a restart keeps paid orders
/// refundable; in `live` mode it reads the keys from TOSS_SECRET_KEY / TOSS_CLIENT_KEY.
struct PaymentSetup {
    var methods: [any PaymentMethod]
    /// The configuration with `payments.toss.sdkURL` filled in, so the pages' CSP allows the SDK.
    var config: StorefrontConfig
    var sandbox: TossSandbox?

    static let liveAPIBase = "https://api.tosspayments.com"
    static let liveSDKURL = "https://js.tosspayments.com/v2/standard"

    static func prepare(_ config: StorefrontConfig, environment: [String: String], source: String) async throws -> PaymentSetup {
        var config = config
        let toss = config.payments.toss
        let apiVersion = toss.apiVersion ?? TossConfiguration.currentAPIVersion
        guard TossConfiguration.knownAPIVersions.contains(apiVersion) else {
            throw ConfigError(source: source, keyPath: "payments.toss.apiVersion",
                              problem: "expected one of \(TossConfiguration.knownAPIVersions.joined(separator: ", ")), got \"\(apiVersion)\"")
        }
        var tossConfiguration: TossConfiguration
        var sandbox: TossSandbox?
        switch toss.mode {
        case "sandbox":
            var settings = SandboxConfiguration()
            settings.port = toss.sandboxPort
            let ledger = SandboxConfiguration.ledgerPath(besideDatabase: config.database.path)
            // The shop's database folder (var/) is created when the database opens, which is after this.
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: ledger).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            let started = try TossSandbox(configuration: settings, ledgerPath: ledger)
            try started.start()
            sandbox = started
            tossConfiguration = TossConfiguration(apiBase: started.apiBase, sdkURL: started.sdkURL,
                                                  clientKey: settings.clientKey, secretKey: settings.secretKey)
        default:
            guard let secret = environment["TOSS_SECRET_KEY"], !secret.isEmpty,
                  let client = environment["TOSS_CLIENT_KEY"], !client.isEmpty else {
                throw ConfigError(source: source, keyPath: "payments.toss.mode",
                                  problem: "live mode needs TOSS_SECRET_KEY and TOSS_CLIENT_KEY in the environment")
            }
            guard let base = URL(string: toss.apiBase ?? liveAPIBase), base.scheme != nil else {
                throw ConfigError(source: source, keyPath: "payments.toss.apiBase", problem: "not an absolute URL")
            }
            tossConfiguration = TossConfiguration(apiBase: base, sdkURL: toss.sdkURL ?? liveSDKURL, clientKey: client, secretKey: secret)
        }
        tossConfiguration.apiVersion = apiVersion
        config.payments.toss.sdkURL = tossConfiguration.sdkURL
        let registered = TossPayments.methods(tossConfiguration)
        for (index, id) in config.payments.methods.enumerated() where !registered.contains(where: { $0.id == id }) {
            await sandbox?.shutdown()
            throw ConfigError(source: source, keyPath: "payments.methods[\(index)]",
                              problem: "unknown payment method \"\(id)\"; registered: \(registered.map(\.id).joined(separator: ", "))")
        }
        return PaymentSetup(methods: registered, config: config, sandbox: sandbox)
    }
}
