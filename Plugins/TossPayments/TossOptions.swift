import Foundation
import PluginKit

/// `payments.providers.toss.options`: `mode` (`sandbox`, the default, or `live`), `apiBase` and `sdkURL` (live),
/// `sandboxPort` (sandbox), `apiVersion`. Live keys come from TOSS_SECRET_KEY and TOSS_CLIENT_KEY, never the file.
/// Every error names its key.
public struct TossOptions: Sendable, Equatable {
    public static let keys = ["mode", "apiBase", "sdkURL", "sandboxPort", "apiVersion"]
    public static let liveAPIBase = "https://api.tosspayments.com"
    public static let liveSDKURL = "https://js.tosspayments.com/v2/standard"

    public var mode: String
    public var sandboxPort: Int
    public var apiVersion: String
    public var apiBase: String?
    public var sdkURL: String?

    public init(_ options: PluginOptions) throws(PluginError) {
        try options.only(Self.keys)
        mode = try options.choice("mode", ["sandbox", "live"], default: "sandbox")
        sandboxPort = try options.int("sandboxPort", default: 0, range: 0...65535)
        apiVersion = options.string("apiVersion", default: TossConfiguration.currentAPIVersion)
        guard TossConfiguration.knownAPIVersions.contains(apiVersion) else {
            throw PluginError(keyPath: "\(options.keyPath).apiVersion",
                              "expected one of \(TossConfiguration.knownAPIVersions.joined(separator: ", ")), got \"\(apiVersion)\"")
        }
        apiBase = options.values["apiBase"]
        sdkURL = options.values["sdkURL"]
        if mode == "live", apiBase == nil {
            throw PluginError(keyPath: "\(options.keyPath).apiBase", "required in live mode (\(Self.liveAPIBase))")
        }
    }

    /// The live configuration, keys from the environment.
    public func liveConfiguration(_ context: PaymentProviderContext) throws(PluginError) -> TossConfiguration {
        let secret = try context.secret("TOSS_SECRET_KEY", for: "mode")
        let client = try context.secret("TOSS_CLIENT_KEY", for: "mode")
        guard let base = URL(string: apiBase ?? Self.liveAPIBase), base.scheme != nil else {
            throw PluginError(keyPath: "\(context.options.keyPath).apiBase", "not an absolute URL")
        }
        return TossConfiguration(apiBase: base, sdkURL: sdkURL ?? Self.liveSDKURL, clientKey: client, secretKey: secret,
                                 apiVersion: apiVersion)
    }
}
