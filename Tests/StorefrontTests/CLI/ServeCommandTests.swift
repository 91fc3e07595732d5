import Foundation
import Testing
import TestSupport

/// `storefront serve` as an operator runs it: the real executable, a config file, the environment.
@Suite("storefront serve", .timeLimit(.minutes(1)))
struct ServeCommandTests {
    /// The executable sits next to the test bundle in the build folder.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("storefront")
    }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs the executable in a fresh folder with `config` as storefront.json, stopping it with SIGTERM
    /// once `until` matches its output (or when it exits by itself).
    static func run(config: String, environment: [String: String] = [:],
                    until: ((String) -> Bool)? = nil) async throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try config.write(to: folder.appendingPathComponent("storefront.json"), atomically: true, encoding: .utf8)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for name in ["Templates", "Public"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name), withDestinationURL: root.appendingPathComponent(name))
        }
        var overrides: [String: String?] = ["TOSS_SECRET_KEY": nil, "TOSS_CLIENT_KEY": nil]
        for (key, value) in environment { overrides[key] = value }
        let process = try ChildProcess(executable.path, ["serve"], environment: overrides, workingDirectory: folder.path,
                                       outputPath: folder.appendingPathComponent("output.log").path)
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while process.isRunning, ContinuousClock.now < deadline {
            if let until, until(process.output) {
                process.signal(SIGTERM)
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await process.stop(grace: .seconds(30))
        return Run(status: process.terminationStatus ?? -1, output: process.output)
    }

    @Test("live mode without TOSS_SECRET_KEY and TOSS_CLIENT_KEY stops with an error naming the key and the variables")
    func liveModeNeedsKeys() async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}, "payments": {"toss": {"mode": "live", "apiBase": "https://api.tosspayments.com"}}}"#)
        #expect(run.status == 1)
        #expect(run.output.contains("payments.toss.mode") && run.output.contains("TOSS_SECRET_KEY"))
    }

    @Test("a Toss API version the decoder has not been written for stops serve with an error naming payments.toss.apiVersion")
    func unknownTossAPIVersion() async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}, "payments": {"toss": {"apiVersion": "2099-01-01"}}}"#)
        #expect(run.status == 1)
        #expect(run.output.contains("payments.toss.apiVersion") && run.output.contains("2022-11-16") && run.output.contains("2099-01-01"))
    }

    @Test("an unregistered payment method id stops serve with an error naming payments.methods[i]")
    func unknownMethod() async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}, "payments": {"methods": ["toss.card", "toss.bitcoin"]}}"#)
        #expect(run.status == 1)
        #expect(run.output.contains("payments.methods[1]") && run.output.contains("toss.bitcoin"))
    }

    @Test("a provider's bad option stops serve with an error naming its key under payments.providers", arguments: [
        (#"{"toss": {"options": {"mode": "test"}}}"#, "payments.providers.toss.options.mode"),
        (#"{"toss": {"options": {"sandboxPort": 70000}}}"#, "payments.providers.toss.options.sandboxPort"),
        (#"{"banktransfer": {"options": {"bank": "신한은행", "holder": "예시"}}}"#, "payments.providers.banktransfer.options.accountNumber"),
        (#"{"banktransfer": {"options": {"bank": "신한은행", "accountNumber": "110-123", "holder": "예시", "typo": 1}}}"#,
         "payments.providers.banktransfer.options.typo"),
        (#"{"paypal": {"options": {}}}"#, "payments.providers.paypal"),
    ])
    func badProviderOption(providers: String, key: String) async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}, "payments": {"providers": "# + providers + "}}")
        #expect(run.status == 1)
        #expect(run.output.contains(key))
    }

    @Test("a file with both payments.toss and payments.providers.toss stops serve naming payments.toss")
    func legacyAndProviders() async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}, "payments": {"toss": {"mode": "sandbox"}, "providers": {"toss": {"options": {}}}}}"#)
        #expect(run.status == 1)
        #expect(run.output.contains("payments.toss") && run.output.contains("payments.providers.toss.options"))
    }

    @Test("무통장입금 next to Toss serves both providers' methods in the configured order")
    func bankTransferServes() async throws {
        let run = try await Self.run(config: #"""
            {"server": {"port": 0}, "payments": {"methods": ["banktransfer.account", "toss.card"],
             "providers": {"banktransfer": {"options": {"bank": "신한은행", "accountNumber": "110-123-456789", "holder": "주식회사 예시"}}}}}
            """#, until: { $0.contains("event=listening") })
        #expect(run.status == 0)
        #expect(run.output.contains("payments=banktransfer.account,toss.card"))
    }

    @Test("an unknown cache plugin, a bad option and an unreachable Redis each stop serve with an error naming the key", arguments: [
        (#"{"server": {"port": 0}, "cache": {"plugin": "memcached"}}"#, "cache.plugin"),
        (#"{"server": {"port": 0}, "cache": {"plugin": "memory", "options": {"maxEntries": -5}}}"#, "cache.options.maxEntries"),
        (#"{"server": {"port": 0}, "cache": {"plugin": "redis", "options": {"url": "redis://127.0.0.1:1", "timeoutMilliseconds": 100}}}"#, "cache.options.url"),
        (#"{"server": {"port": 0}, "queue": {"plugin": "kafka"}}"#, "queue.plugin"),
    ])
    func badPlugins(config: String, key: String) async throws {
        let run = try await Self.run(config: config)
        #expect(run.status == 1)
        #expect(run.output.contains(key))
    }

    @Test("sandbox mode starts the bundled sandbox, serves the shop, and stops cleanly on SIGTERM")
    func sandboxServe() async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}, "database": {"path": "shop.sqlite"}}"#) { output in
            output.contains("event=listening")
        }
        #expect(run.status == 0)
        #expect(run.output.contains("event=toss_sandbox api=http://127.0.0.1:"))
        #expect(run.output.contains("payments=toss.card,toss.transfer,toss.virtualAccount,toss.tosspay"))
        #expect(run.output.contains("event=stopped"))
        #expect(!run.output.contains("test_sk_"))
    }

    @Test("STOREFRONT_LOG_LEVEL drops the events below it")
    func logLevel() async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}, "database": {"path": "shop.sqlite"}}"#,
                                     environment: ["STOREFRONT_LOG_LEVEL": "notice"]) { output in output.contains("event=seeded") }
        #expect(run.output.contains("event=seeded level=notice products="))
        #expect(!run.output.contains("event=listening") && !run.output.contains("event=stopped"))
    }

    @Test("an unknown STOREFRONT_LOG_LEVEL stops the executable with a line naming the variable")
    func badLogLevel() async throws {
        let run = try await Self.run(config: #"{"server": {"port": 0}}"#, environment: ["STOREFRONT_LOG_LEVEL": "loud"])
        #expect(run.status == 2)
        #expect(run.output.contains("STOREFRONT_LOG_LEVEL") && run.output.contains("\"loud\""))
    }
}
