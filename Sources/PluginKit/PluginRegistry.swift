import Logging
/// The options object of a plugin section in storefront.json, read with typed accessors whose errors
/// name the full key (`cache.options.maxEntries`).
public struct PluginOptions: Sendable, Equatable {
    public var values: [String: String]
    /// The config key path of the object, e.g. `cache.options`.
    public var keyPath: String

    public init(_ values: [String: String], keyPath: String) {
        self.values = values
        self.keyPath = keyPath
    }

    public func string(_ key: String, default fallback: String) -> String { values[key] ?? fallback }

    /// A value that must be there and not be empty.
    public func requiredString(_ key: String) throws(PluginError) -> String {
        guard let value = values[key], !value.isEmpty else { throw PluginError(keyPath: "\(keyPath).\(key)", "required") }
        return value
    }

    /// One of `allowed`, or `fallback` when absent.
    public func choice(_ key: String, _ allowed: [String], default fallback: String) throws(PluginError) -> String {
        let value = values[key] ?? fallback
        guard allowed.contains(value) else {
            throw PluginError(keyPath: "\(keyPath).\(key)", "expected one of \(allowed.joined(separator: ", ")), got \"\(value)\"")
        }
        return value
    }

    public func int(_ key: String, default fallback: Int, range: ClosedRange<Int> = 0...Int.max) throws(PluginError) -> Int {
        guard let text = values[key] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw PluginError(keyPath: "\(keyPath).\(key)", "expected an integer in \(range.lowerBound)...\(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    public func bool(_ key: String, default fallback: Bool) throws(PluginError) -> Bool {
        guard let text = values[key] else { return fallback }
        switch text {
        case "true": return true
        case "false": return false
        default: throw PluginError(keyPath: "\(keyPath).\(key)", "expected true or false, got \"\(text)\"")
        }
    }

    /// Fails on keys the plugin does not know, so a typo is not silently ignored.
    public func only(_ known: [String]) throws(PluginError) {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw PluginError(keyPath: "\(keyPath).\(unknown)", "unknown option; known: \(known.joined(separator: ", "))")
        }
    }
}

/// A plugin that cannot be built from its configuration, naming the key.
public struct PluginError: Error, Sendable, Equatable, CustomStringConvertible {
    public var keyPath: String
    public var problem: String

    public init(keyPath: String, _ problem: String) {
        self.keyPath = keyPath
        self.problem = problem
    }

    public var description: String { "\(keyPath): \(problem)" }
}

/// The payment provider, cache, queue and notifier plugins this build knows, by the name storefront.json uses. Factories are async
/// because building one may connect to a server (and must fail at startup when it cannot). Each factory gets
/// a logger carrying `plugin=NAME`, for what the plugin alone sees (a server lost or back).
public struct PluginRegistry: Sendable {
    public typealias CacheFactory = @Sendable (PluginOptions, Logger) async throws(PluginError) -> any Cache
    public typealias QueueFactory = @Sendable (PluginOptions, Logger) async throws(PluginError) -> any MessageQueue
    public typealias NotifierFactory = @Sendable (PluginOptions, Logger) async throws(PluginError) -> any Notifier
    public typealias PaymentProviderFactory = @Sendable (PaymentProviderContext) async throws(PluginError) -> any PaymentProvider

    /// A registered payment provider: its name, a line for operators, and the methods it offers (id, Korean name),
    /// known without building it, so `storefront plugins` can list them.
    public struct ProviderEntry: Sendable {
        public var name: String
        public var summary: String
        public var methods: [(id: String, displayName: String)]
        public var make: PaymentProviderFactory
    }

    public struct Entry<Factory: Sendable>: Sendable {
        public var name: String
        public var summary: String
        public var make: Factory
    }

    public private(set) var caches: [Entry<CacheFactory>] = []
    public private(set) var queues: [Entry<QueueFactory>] = []
    public private(set) var paymentProviders: [ProviderEntry] = []
    public private(set) var notifiers: [Entry<NotifierFactory>] = []

    public init() {}

    public mutating func registerCache(_ name: String, summary: String, _ make: @escaping CacheFactory) {
        caches.append(Entry(name: name, summary: summary, make: make))
    }

    public mutating func registerQueue(_ name: String, summary: String, _ make: @escaping QueueFactory) {
        queues.append(Entry(name: name, summary: summary, make: make))
    }

    public mutating func registerNotifier(_ name: String, summary: String, _ make: @escaping NotifierFactory) {
        notifiers.append(Entry(name: name, summary: summary, make: make))
    }

    public mutating func registerPaymentProvider(_ name: String, summary: String, methods: [(id: String, displayName: String)],
                                                 _ make: @escaping PaymentProviderFactory) {
        paymentProviders.append(ProviderEntry(name: name, summary: summary, methods: methods, make: make))
    }

    /// Builds the provider `name` from `payments.providers.NAME.options`; the logger gets `plugin=NAME`.
    public func makePaymentProvider(_ name: String, options: PluginOptions, environment: [String: String], logger: Logger,
                                    ledger: any PaymentLedger) async throws(PluginError) -> any PaymentProvider {
        guard let entry = paymentProviders.first(where: { $0.name == name }) else {
            throw PluginError(keyPath: "payments.providers.\(name)",
                              "unknown payment provider; registered: \(paymentProviders.map(\.name).joined(separator: ", "))")
        }
        return try await entry.make(PaymentProviderContext(options: options, environment: environment,
                                                           logger: logger.with(["plugin": .string(name)]), ledger: ledger))
    }

    public func makeCache(_ name: String, options: PluginOptions, logger: Logger) async throws(PluginError) -> any Cache {
        guard let entry = caches.first(where: { $0.name == name }) else {
            throw PluginError(keyPath: "cache.plugin", "unknown cache plugin \"\(name)\"; registered: \(caches.map(\.name).joined(separator: ", "))")
        }
        return try await entry.make(options, logger.with(["plugin": .string(name)]))
    }

    public func makeQueue(_ name: String, options: PluginOptions, logger: Logger) async throws(PluginError) -> any MessageQueue {
        guard let entry = queues.first(where: { $0.name == name }) else {
            throw PluginError(keyPath: "queue.plugin", "unknown queue plugin \"\(name)\"; registered: \(queues.map(\.name).joined(separator: ", "))")
        }
        return try await entry.make(options, logger.with(["plugin": .string(name)]))
    }

    public func makeNotifier(_ name: String, options: PluginOptions, logger: Logger) async throws(PluginError) -> any Notifier {
        guard let entry = notifiers.first(where: { $0.name == name }) else {
            throw PluginError(keyPath: "notifier.plugin",
                              "unknown notifier plugin \"\(name)\"; registered: \(notifiers.map(\.name).joined(separator: ", "))")
        }
        return try await entry.make(options, logger.with(["plugin": .string(name)]))
    }
}
