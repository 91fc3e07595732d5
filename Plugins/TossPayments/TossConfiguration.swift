import Foundation

/// Where Toss is, which keys to use and which API version to ask for. The secret key is read from the
/// environment by the executable and is never printed: `description` masks it.
public struct TossConfiguration: Sendable, CustomStringConvertible {
    public var apiBase: URL
    public var sdkURL: String
    public var clientKey: String
    public var secretKey: String
    public var timeout: Duration
    /// Sent as `TossPayments-API-Version` on every request, so Toss answers in this version's shape whatever
    /// version the key is set to in Toss's developer centre (Toss's API version policy: a request header
    /// overrides the key's version for that request).
    public var apiVersion: String

    /// The version whose shape the decoder is written against; older shapes decode too.
    public static let currentAPIVersion = "2022-11-16"
    /// The versions Toss has released (its release notes: 1.x semantic versions until 1.4, dates from 2022-06-08).
    /// A later one may change shapes we have not seen, so the shop refuses to ask for it until it is read here.
    public static let knownAPIVersions = ["1.4", "2022-06-08", "2022-07-27", "2022-11-16"]

    public init(apiBase: URL, sdkURL: String, clientKey: String, secretKey: String, timeout: Duration = .seconds(30),
                apiVersion: String = TossConfiguration.currentAPIVersion) {
        self.apiBase = apiBase
        self.sdkURL = sdkURL
        self.clientKey = clientKey
        self.secretKey = secretKey
        self.timeout = timeout
        self.apiVersion = apiVersion
    }

    /// Toss's public documentation test keys (TOSS_API.md §1): they work without an account, and the
    /// bundled sandbox accepts them.
    public static let sandboxTestKeys = (clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
                                         secretKey: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R")

    public var description: String { "TossConfiguration(apiBase: \(apiBase), sdkURL: \(sdkURL), clientKey: \(clientKey), secretKey: ***, apiVersion: \(apiVersion))" }
}
