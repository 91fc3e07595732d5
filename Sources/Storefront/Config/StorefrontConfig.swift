import Database
import Foundation

/// The whole runtime configuration, decoded from `storefront.json`. Every section and key is optional
/// and defaults to the embedded setup (SQLite file, memory cache, in-process queue, Toss sandbox);
/// unknown keys and bad values are errors that name the key.
public struct StorefrontConfig: Decodable, Sendable, Equatable {
    public var server = ServerSection()
    public var database = DatabaseSection()
    public var cache = PluginSection(plugin: "memory")
    public var queue = PluginSection(plugin: "inprocess")
    /// Who tells shoppers about their orders (`log` by default; `outbox-file` writes JSON lines for a script).
    public var notifier = PluginSection(plugin: "log")
    public var payments = PaymentsSection()
    public var templates = TemplatesSection()
    public var media = MediaSection()
    public var admin = AdminSection()
    public var shipping = ShippingSection()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case server, database, cache, queue, notifier, payments, templates, media, admin, shipping }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.value(.server, default: server)
        database = try c.value(.database, default: database)
        cache = try c.value(.cache, default: cache)
        queue = try c.value(.queue, default: queue)
        notifier = try c.value(.notifier, default: notifier)
        payments = try c.value(.payments, default: payments)
        templates = try c.value(.templates, default: templates)
        media = try c.value(.media, default: media)
        admin = try c.value(.admin, default: admin)
        shipping = try c.value(.shipping, default: shipping)
    }
}

/// Where and how the HTTP server listens.
public struct ServerSection: Decodable, Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Event-loop threads; 0 means one per core.
    public var eventLoops = 0
    public var maxBodyBytes = 1 << 20
    /// Seconds a client has to send complete request headers.
    public var readTimeoutSeconds = 10
    /// Seconds an idle keep-alive connection is kept.
    public var idleTimeoutSeconds = 60
    /// Seconds a connection's unsent answers may wait without the client taking a byte before it is closed.
    public var writeTimeoutSeconds = 60
    /// Unsent answer bytes per connection above which its further pipelined requests wait until the client reads.
    public var maxPendingOutputBytes = 1 << 20
    /// Client connections held open at most; 0 derives it from the process's descriptor limit, keeping a reserve.
    public var maxConnections = 0
    /// Adds `Secure` to cookies; turn on behind HTTPS.
    public var secureCookies = false
    /// The origin shoppers' browsers use (for Toss's successUrl/failUrl); defaults to http://host:port.
    public var publicURL: String?
    /// Where sessions and login-throttle counters live: `database` (the default) or `cache` (the cache
    /// plugin, written through to the database; for several instances behind one Redis).
    public var sessionStore = "database"
    public static let sessionStores = ["database", "cache"]
    /// Addresses of the proxies in front of the server (a TLS terminator, a load balancer). Only a request from
    /// one of them has its client address taken from `X-Forwarded-For`; empty (the default) trusts no header.
    public var trustedProxies: [String] = []
    /// The bearer token `/metrics` requires (also `STOREFRONT_METRICS_TOKEN`); without one, `/metrics` answers
    /// loopback scrapes only. A secret: never logged.
    public var metricsToken: String?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, eventLoops, maxBodyBytes, readTimeoutSeconds, idleTimeoutSeconds, maxConnections, secureCookies, publicURL
        case sessionStore, trustedProxies, writeTimeoutSeconds, maxPendingOutputBytes, metricsToken
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.value(.host, default: host)
        port = try c.value(.port, default: port)
        eventLoops = try c.value(.eventLoops, default: eventLoops)
        maxBodyBytes = try c.value(.maxBodyBytes, default: maxBodyBytes)
        readTimeoutSeconds = try c.value(.readTimeoutSeconds, default: readTimeoutSeconds)
        idleTimeoutSeconds = try c.value(.idleTimeoutSeconds, default: idleTimeoutSeconds)
        writeTimeoutSeconds = try c.value(.writeTimeoutSeconds, default: writeTimeoutSeconds)
        maxPendingOutputBytes = try c.value(.maxPendingOutputBytes, default: maxPendingOutputBytes)
        maxConnections = try c.value(.maxConnections, default: maxConnections)
        secureCookies = try c.value(.secureCookies, default: secureCookies)
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL)
        sessionStore = try c.value(.sessionStore, default: sessionStore)
        trustedProxies = try c.value(.trustedProxies, default: trustedProxies)
        metricsToken = try c.decodeIfPresent(String.self, forKey: .metricsToken)
    }
}

/// The database: `sqlite` (the default: a file, WAL always on; `synchronous` trades durability for speed, FULL keeps
/// a committed payment through a power cut) or `postgres` (a server at `url`, for a shop on several machines).
/// `url` may hold a password: this section's descriptions show it as `***`.
public struct DatabaseSection: Decodable, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var engine = "sqlite"
    public static let engines = ["sqlite", "postgres"]
    public var path = "var/storefront.sqlite"
    public var synchronous = "FULL"
    public static let synchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"]
    /// `postgres://user:password@host:port/dbname`; required for `postgres`, also `STOREFRONT_DATABASE_URL`.
    public var url: String?
    /// PostgreSQL connections per instance.
    public var poolSize = 8
    /// The server cancels a PostgreSQL statement running longer than this; 0 means no limit.
    public var statementTimeoutMilliseconds = 10_000
    /// How long a request waits for a free PostgreSQL connection before failing.
    public var poolTimeoutMilliseconds = 5_000

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case engine, path, synchronous, url, poolSize, statementTimeoutMilliseconds, poolTimeoutMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        engine = try c.value(.engine, default: engine)
        path = try c.value(.path, default: path)
        synchronous = try c.value(.synchronous, default: synchronous)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        poolSize = try c.value(.poolSize, default: poolSize)
        statementTimeoutMilliseconds = try c.value(.statementTimeoutMilliseconds, default: statementTimeoutMilliseconds)
        poolTimeoutMilliseconds = try c.value(.poolTimeoutMilliseconds, default: poolTimeoutMilliseconds)
    }

    /// What `serve` and `migrate` say they use: the file, or the server's URL with its password as `***`.
    public var location: String {
        guard engine == "postgres" else { return path }
        guard let url else { return "postgres (no database.url)" }
        return (try? PostgresURL(parsing: url))?.description ?? "postgres (database.url unreadable)"
    }

    public var description: String {
        "DatabaseSection(engine: \(engine), location: \(location), poolSize: \(poolSize), "
            + "statementTimeoutMilliseconds: \(statementTimeoutMilliseconds), poolTimeoutMilliseconds: \(poolTimeoutMilliseconds))"
    }

    public var debugDescription: String { description }
}

/// A pluggable component chosen by name, with plugin-specific options. Option values may be written as
/// JSON strings, numbers or booleans; plugins receive them as strings and validate them themselves.
public struct PluginSection: Decodable, Sendable, Equatable {
    public var plugin: String
    public var options: [String: String] = [:]

    public init(plugin: String, options: [String: String] = [:]) {
        self.plugin = plugin
        self.options = options
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case plugin, options }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        plugin = try c.decode(String.self, forKey: .plugin)
        let scalars = try c.decodeIfPresent([String: ConfigScalar].self, forKey: .options) ?? [:]
        options = scalars.mapValues(\.text)
    }
}

/// A JSON string, number or boolean, kept as the text a plugin parses.
struct ConfigScalar: Decodable {
    let text: String
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let value = try? c.decode(Bool.self) { text = value ? "true" : "false" }
        else if let value = try? c.decode(Int.self) { text = String(value) }
        else if let value = try? c.decode(Double.self) { text = String(value) }
        else { text = try c.decode(String.self) }
    }
}

/// Which payment methods the checkout offers (`methods`, in order) and how each provider is set up
/// (`providers.NAME.options`, read by the provider plugin, whose errors name the full key).
///
/// `toss` is the section Toss was set up with before providers were plugins: a file that still has it works as
/// if it said `providers.toss.options`; a file with both is refused, naming `payments.toss`.
public struct PaymentsSection: Decodable, Sendable, Equatable {
    public var methods = ["toss.card", "toss.transfer", "toss.virtualAccount", "toss.tosspay"]
    public var providers: [String: ProviderSection] = [:]
    /// The Toss settings in effect (filled from `providers.toss.options` at startup): the pages' CSP reads them.
    public var toss = TossSection()
    /// Whether the file has the old `payments.toss` section.
    public var hasLegacyToss = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case methods, providers, toss }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        methods = try c.value(.methods, default: methods)
        providers = try c.value(.providers, default: providers)
        hasLegacyToss = c.contains(.toss)
        toss = try c.value(.toss, default: toss)
    }

    /// The providers to build, by name, with their options: every one `providers` names, and the provider of every
    /// listed method (with no options), the old `toss` section standing in for `providers.toss`.
    public var providerOptions: [(name: String, options: [String: String])] {
        var names = providers.keys.sorted()
        for id in methods {
            let name = String(id.prefix { $0 != "." })
            if !names.contains(name) { names.append(name) }
        }
        return names.map { name in
            if let section = providers[name] { return (name, section.options) }
            return (name, name == "toss" && hasLegacyToss ? toss.options : [:])
        }
    }
}

/// One payment provider's section: `options`, whose values may be written as strings, numbers or booleans.
public struct ProviderSection: Decodable, Sendable, Equatable {
    public var options: [String: String] = [:]

    public init(options: [String: String] = [:]) { self.options = options }

    enum CodingKeys: String, CodingKey, CaseIterable { case options }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        options = (try c.decodeIfPresent([String: ConfigScalar].self, forKey: .options) ?? [:]).mapValues(\.text)
    }
}

/// Toss Payments: `sandbox` runs the bundled offline sandbox on a loopback port; `live` talks to
/// `apiBase` with keys from TOSS_SECRET_KEY / TOSS_CLIENT_KEY (never from this file).
public struct TossSection: Decodable, Sendable, Equatable {
    public var mode = "sandbox"
    public var apiBase: String?
    public var sdkURL: String?
    /// The loopback port of the bundled sandbox in sandbox mode (0 picks a free one).
    public var sandboxPort = 0
    /// The `TossPayments-API-Version` every request sends; nil means the version the Toss plugin decodes
    /// (which versions it accepts is the plugin's to say: `serve` checks).
    public var apiVersion: String?
    public static let modes = ["sandbox", "live"]

    /// This section as the Toss provider's options.
    public var options: [String: String] {
        var options = ["mode": mode, "sandboxPort": String(sandboxPort)]
        options["apiBase"] = apiBase
        options["sdkURL"] = sdkURL
        options["apiVersion"] = apiVersion
        return options
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case mode, apiBase, sdkURL, sandboxPort, apiVersion }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.value(.mode, default: mode)
        apiBase = try c.decodeIfPresent(String.self, forKey: .apiBase)
        sdkURL = try c.decodeIfPresent(String.self, forKey: .sdkURL)
        sandboxPort = try c.value(.sandboxPort, default: sandboxPort)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
    }
}

/// Where the Mustache templates live; `reload` re-reads changed files on the next render (development).
public struct TemplatesSection: Decodable, Sendable, Equatable {
    public var directory = "Templates"
    public var publicDirectory = "Public"
    public var reload = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case directory, publicDirectory, reload }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        directory = try c.value(.directory, default: directory)
        publicDirectory = try c.value(.publicDirectory, default: publicDirectory)
        reload = try c.value(.reload, default: reload)
    }
}

/// Uploaded images: where they are stored and how large an upload may be. An upload route streams its body
/// under `maxRequestBytes` (not `server.maxBodyBytes`), and each file under `maxUploadBytes`.
public struct MediaSection: Decodable, Sendable, Equatable {
    public var directory = "var/media"
    /// One image file at most (5 MB).
    public var maxUploadBytes = 5 << 20
    /// One upload request at most, every file and field together (26 MB: five largest images and the form).
    public var maxRequestBytes = 26 << 20

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case directory, maxUploadBytes, maxRequestBytes }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        directory = try c.value(.directory, default: directory)
        maxUploadBytes = try c.value(.maxUploadBytes, default: maxUploadBytes)
        maxRequestBytes = try c.value(.maxRequestBytes, default: maxRequestBytes)
    }
}
