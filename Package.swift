// swift-tools-version:6.0
// Storefront: a server-rendered shop and payment server. No Swift package dependencies by design;
// C libraries come from Debian through the system-library targets below.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Storefront",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "storefront", targets: ["storefront"]),
        .executable(name: "toss-sandbox", targets: ["toss-sandbox"]),
        .library(name: "Logging", targets: ["Logging"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .library(name: "HTTP", targets: ["HTTP"]),
        .library(name: "Mustache", targets: ["Mustache"]),
        .library(name: "Database", targets: ["Database"]),
        .library(name: "PluginKit", targets: ["PluginKit"]),
    ],
    targets: [
        // MARK: C libraries (Debian -dev packages)
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", pkgConfig: "libcrypt", providers: [.apt(["libcrypt-dev"])]),
        // Header-only: Glibc does not export epoll/eventfd, nothing to link.
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CRabbitMQ", path: "Sources/CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),

        // MARK: Layers that know nothing of shops
        // The lowest layer: every other target may log through it; it imports nothing of ours.
        .target(name: "Logging", swiftSettings: strict),
        // Counters, gauges and histograms with the Prometheus text renderer; imports nothing of ours either.
        .target(name: "Metrics", swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["CEpoll", "Logging"], swiftSettings: strict),
        .target(name: "Mustache", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Database", dependencies: ["CSQLite", "CPostgres"], swiftSettings: strict),
        .target(name: "PluginKit", dependencies: ["Logging"], swiftSettings: strict),
        .target(name: "JSON", swiftSettings: strict),

        // MARK: The application
        .target(name: "Storefront", dependencies: ["Logging", "Metrics", "HTTP", "Mustache", "Database", "PluginKit", "CCrypt", "JSON"], swiftSettings: strict),
        .executableTarget(
            name: "storefront",
            dependencies: ["Storefront", "Logging", "PluginKit", "HTTP", "Mustache", "TossSandbox", "TossPayments", "BankTransfer",
                           "MemoryCache", "RedisCache", "InProcessQueue", "RabbitMQQueue", "LogNotifier", "OutboxFileNotifier"],
            swiftSettings: strict),

        // MARK: The offline Toss Payments sandbox
        .target(name: "TossSandbox", dependencies: ["HTTP", "Database", "JSON"], swiftSettings: strict),
        .executableTarget(name: "toss-sandbox", dependencies: ["TossSandbox", "HTTP"], swiftSettings: strict),

        // MARK: Plugins
        .target(name: "TossPayments", dependencies: ["PluginKit", "JSON"], path: "Plugins/TossPayments", swiftSettings: strict),
        .target(name: "BankTransfer", dependencies: ["PluginKit"], path: "Plugins/BankTransfer", swiftSettings: strict),
        .target(name: "MemoryCache", dependencies: ["PluginKit"], path: "Plugins/MemoryCache", swiftSettings: strict),
        .target(name: "RedisCache", dependencies: ["PluginKit", "Logging", "CHiredis"], path: "Plugins/RedisCache", swiftSettings: strict),
        .target(name: "InProcessQueue", dependencies: ["PluginKit"], path: "Plugins/InProcessQueue", swiftSettings: strict),
        .target(name: "RabbitMQQueue", dependencies: ["PluginKit", "Logging", "CRabbitMQ"], path: "Plugins/RabbitMQQueue", swiftSettings: strict),
        .target(name: "LogNotifier", dependencies: ["PluginKit", "Logging"], path: "Plugins/LogNotifier", swiftSettings: strict),
        .target(name: "OutboxFileNotifier", dependencies: ["PluginKit", "Logging"], path: "Plugins/OutboxFileNotifier", swiftSettings: strict),

        // MARK: Tests
        .target(name: "TestSupport",
                dependencies: ["CLibXML2", "Logging", "HTTP", "Database", "Storefront", "TossSandbox", "TossPayments", "BankTransfer", "PluginKit",
                               "MemoryCache", "InProcessQueue", "CEpoll"],
                path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"], swiftSettings: strict),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "TestSupport"], swiftSettings: strict),
        .executableTarget(name: "metrics-bench", dependencies: ["Metrics", "HTTP"], path: "Tests/Benchmarks/MetricsBench", swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Logging", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache", "TestSupport"], exclude: ["Spec"], swiftSettings: strict),
        .executableTarget(name: "mustache-bench", dependencies: ["Mustache"], path: "Tests/Benchmarks/MustacheBench",
                          swiftSettings: strict),
        .testTarget(name: "DatabaseTests", dependencies: ["Database", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PluginTests",
                    dependencies: ["PluginKit", "Logging", "MemoryCache", "RedisCache", "InProcessQueue", "RabbitMQQueue", "TossPayments", "BankTransfer",
                                   "LogNotifier", "OutboxFileNotifier", "TossSandbox", "HTTP", "Storefront", "TestSupport"],
                    swiftSettings: strict),
        .executableTarget(name: "catalog-scale", dependencies: ["Storefront", "Database"],
                          path: "Tests/Benchmarks/CatalogScale", swiftSettings: strict),
        .testTarget(name: "TossSandboxTests", dependencies: ["TossSandbox", "TossPayments", "PluginKit", "HTTP", "TestSupport", "JSON"], swiftSettings: strict),
        .testTarget(name: "StorefrontTests",
                    dependencies: ["Storefront", "Logging", "TestSupport", "TossSandbox", "TossPayments", "BankTransfer", "MemoryCache", "RedisCache",
                                   "InProcessQueue"],
                    swiftSettings: strict),
        .testTarget(name: "BrowserTests", dependencies: ["TestSupport", "Storefront", "TossSandbox"], exclude: ["Screenshots"],
                    swiftSettings: strict),
        .executableTarget(name: "checkout-load", dependencies: ["TestSupport", "Storefront", "Database", "TossSandbox"],
                          path: "Tests/Benchmarks/CheckoutLoad", swiftSettings: strict),
        .executableTarget(name: "log-bench", dependencies: ["Logging"], path: "Tests/Benchmarks/LogBench", swiftSettings: strict),
        .executableTarget(name: "http-bench-server", dependencies: ["HTTP"], path: "Tests/Benchmarks/HTTPBenchServer",
                          swiftSettings: strict),
    ]
)
