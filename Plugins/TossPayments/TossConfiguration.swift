import Foundation

/// Where Toss is and which keys to use. The secret key is read from the environment by the executable
/// and is never printed: `description` masks it.
public struct TossConfiguration: Sendable, CustomStringConvertible {
    public var apiBase: URL
    public var sdkURL: String
    public var clientKey: String
    public var secretKey: String
    public var timeout: Duration

    public init(apiBase: URL, sdkURL: String, clientKey: String, secretKey: String, timeout: Duration = .seconds(30)) {
        self.apiBase = apiBase
        self.sdkURL = sdkURL
        self.clientKey = clientKey
        self.secretKey = secretKey
        self.timeout = timeout
    }

    /// Toss's public documentation test keys (TOSS_API.md §1): they work without an account, and the
    /// bundled sandbox accepts them.
    public static let sandboxTestKeys = (clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
                                         secretKey: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R")

    public var description: String { "TossConfiguration(apiBase: \(apiBase), sdkURL: \(sdkURL), clientKey: \(clientKey), secretKey: ***)" }
}
