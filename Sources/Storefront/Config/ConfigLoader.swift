import Database
import Foundation
import HTTP

/// Reads storefront.json (or its absence), applies environment overrides, and validates values,
/// so the rest of the app receives a configuration that is known to make sense.
public enum ConfigLoader {
    /// Environment variables that override single fields. Secrets are read elsewhere, by name, and
    /// never stored in the config value.
    public static let portVariable = "STOREFRONT_PORT"
    public static let databaseVariable = "STOREFRONT_DATABASE"
    public static let metricsTokenVariable = "STOREFRONT_METRICS_TOKEN"
    /// The PostgreSQL URL, kept out of the file because it holds a password.
    public static let databaseURLVariable = "STOREFRONT_DATABASE_URL"

    /// Loads `path`. A missing file gives the defaults only when `required` is false (the implicit
    /// `storefront.json`); a file named with `--config` must exist.
    public static func load(path: String, required: Bool,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> StorefrontConfig {
        var config = StorefrontConfig()
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError(source: path, keyPath: "", problem: "cannot read the file")
            }
            config = try decode(data, source: path)
        } else if required {
            throw ConfigError(source: path, keyPath: "", problem: "file not found")
        }
        try applyEnvironment(environment, to: &config)
        try validate(config, source: path)
        return config
    }

    /// Decodes configuration JSON, turning decoding failures into a `ConfigError` naming the key.
    public static func decode(_ data: Data, source: String) throws(ConfigError) -> StorefrontConfig {
        do {
            return try JSONDecoder().decode(StorefrontConfig.self, from: data)
        } catch let error as DecodingError {
            throw ConfigError.from(error, source: source)
        } catch {
            throw ConfigError(source: source, keyPath: "", problem: "\(error)")
        }
    }

    static func applyEnvironment(_ environment: [String: String], to config: inout StorefrontConfig) throws(ConfigError) {
        if let text = environment[portVariable] {
            guard let port = Int(text) else {
                throw ConfigError(source: portVariable, keyPath: "", problem: "expected a port number, got \"\(text)\"")
            }
            config.server.port = port
        }
        if let path = environment[databaseVariable], !path.isEmpty { config.database.path = path }
        if let token = environment[metricsTokenVariable], !token.isEmpty { config.server.metricsToken = token }
        if let url = environment[databaseURLVariable], !url.isEmpty {
            // Checked here so the error names the variable; its value is never repeated (it holds a password).
            do throws(DatabaseError) { _ = try PostgresURL(parsing: url) } catch {
                throw ConfigError(source: databaseURLVariable, keyPath: "", problem: error.message)
            }
            config.database.url = url
        }
    }

    /// Checks ranges and enumerations that JSON types alone cannot express.
    public static func validate(_ config: StorefrontConfig, source: String) throws(ConfigError) {
        func fail(_ key: String, _ problem: String) -> ConfigError { ConfigError(source: source, keyPath: key, problem: problem) }
        let server = config.server
        guard (0...65535).contains(server.port) else { throw fail("server.port", "expected 0…65535, got \(server.port)") }
        guard !server.host.isEmpty else { throw fail("server.host", "must not be empty") }
        guard (0...256).contains(server.eventLoops) else { throw fail("server.eventLoops", "expected 0…256 (0 = one per core)") }
        guard server.maxBodyBytes > 0 else { throw fail("server.maxBodyBytes", "must be positive") }
        guard server.readTimeoutSeconds > 0 else { throw fail("server.readTimeoutSeconds", "must be positive") }
        guard server.idleTimeoutSeconds > 0 else { throw fail("server.idleTimeoutSeconds", "must be positive") }
        guard server.writeTimeoutSeconds > 0 else { throw fail("server.writeTimeoutSeconds", "must be positive") }
        guard server.maxPendingOutputBytes >= 0 else { throw fail("server.maxPendingOutputBytes", "must not be negative") }
        guard server.maxConnections >= 0 else { throw fail("server.maxConnections", "must be 0 (from the descriptor limit) or positive") }
        if let url = server.publicURL, URL(string: url)?.scheme == nil {
            throw fail("server.publicURL", "expected an absolute URL such as https://shop.example.com")
        }
        guard ServerSection.sessionStores.contains(server.sessionStore) else {
            throw fail("server.sessionStore", "expected database or cache, got \"\(server.sessionStore)\"")
        }
        if let bad = server.trustedProxies.first(where: { !ForwardedFor.isIPAddress($0) }) {
            throw fail("server.trustedProxies", "expected IP addresses such as 127.0.0.1 or ::1, got \"\(bad)\"")
        }
        // The message never quotes the token: it is a secret, and a config error is printed.
        if let token = server.metricsToken,
           !(16...512).contains(token.utf8.count) || !token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            throw fail("server.metricsToken", "expected 16 to 512 visible ASCII characters (no spaces), such as the output of openssl rand -hex 32")
        }
        try validateDatabase(config.database, fail: fail)
        guard DatabaseSection.synchronousModes.contains(config.database.synchronous) else {
            throw fail("database.synchronous", "expected one of \(DatabaseSection.synchronousModes.joined(separator: ", "))")
        }
        guard TossSection.modes.contains(config.payments.toss.mode) else {
            throw fail("payments.toss.mode", "expected sandbox or live, got \"\(config.payments.toss.mode)\"")
        }
        guard !config.payments.methods.isEmpty else { throw fail("payments.methods", "list at least one payment method") }
        if config.payments.hasLegacyToss, config.payments.providers["toss"] != nil {
            throw fail("payments.toss", "set Toss in payments.providers.toss.options only (this file has both); move mode, apiBase, sdkURL, sandboxPort and apiVersion there")
        }
        if config.payments.toss.mode == "live", config.payments.toss.apiBase == nil {
            throw fail("payments.toss.apiBase", "required in live mode (https://api.tosspayments.com)")
        }
        guard (0...65535).contains(config.payments.toss.sandboxPort) else {
            throw fail("payments.toss.sandboxPort", "expected 0…65535")
        }
        let media = config.media
        guard !media.directory.isEmpty else { throw fail("media.directory", "must not be empty") }
        guard media.maxUploadBytes > 0 else { throw fail("media.maxUploadBytes", "must be positive") }
        guard media.maxRequestBytes >= media.maxUploadBytes else {
            throw fail("media.maxRequestBytes", "must be at least media.maxUploadBytes (\(media.maxUploadBytes))")
        }
        try config.shipping.validate(fail: fail)
    }

    private static func validateDatabase(_ database: DatabaseSection, fail: (String, String) -> ConfigError) throws(ConfigError) {
        guard DatabaseSection.engines.contains(database.engine) else {
            throw fail("database.engine", "expected sqlite or postgres, got \"\(database.engine)\"")
        }
        guard !database.path.isEmpty else { throw fail("database.path", "must not be empty") }
        guard (1...256).contains(database.poolSize) else { throw fail("database.poolSize", "expected 1…256") }
        guard database.statementTimeoutMilliseconds >= 0 else {
            throw fail("database.statementTimeoutMilliseconds", "must be 0 (no limit) or positive")
        }
        guard database.poolTimeoutMilliseconds > 0 else { throw fail("database.poolTimeoutMilliseconds", "must be positive") }
        if let url = database.url {
            do throws(DatabaseError) { _ = try PostgresURL(parsing: url) } catch { throw fail("database.url", error.message) }
        } else if database.engine == "postgres" {
            throw fail("database.url", "required for the postgres engine (or set \(databaseURLVariable))")
        }
    }
}
