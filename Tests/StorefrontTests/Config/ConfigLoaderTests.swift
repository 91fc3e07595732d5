import Foundation
import Testing
@testable import Storefront

@Suite("storefront.json")
struct ConfigLoaderTests {
    private func decode(_ json: String) throws(ConfigError) -> StorefrontConfig {
        let config = try ConfigLoader.decode(Data(json.utf8), source: "storefront.json")
        try ConfigLoader.validate(config, source: "storefront.json")
        return config
    }

    private func problem(_ json: String) -> ConfigError? {
        do { _ = try decode(json); return nil } catch { return error }
    }

    @Test("an empty object gives the embedded defaults")
    func emptyObjectIsDefaults() throws {
        let config = try decode("{}")
        #expect(config == StorefrontConfig())
        #expect(config.cache.plugin == "memory")
        #expect(config.queue.plugin == "inprocess")
        #expect(config.payments.toss.mode == "sandbox")
        #expect(config.database.synchronous == "FULL")
    }

    @Test("a missing implicit file gives the defaults")
    func missingImplicitFile() throws {
        let config = try ConfigLoader.load(path: "/nonexistent/storefront.json", required: false, environment: [:])
        #expect(config == StorefrontConfig())
    }

    @Test("a missing file named on the command line is an error")
    func missingRequiredFile() {
        #expect(throws: ConfigError(source: "/nonexistent/x.json", keyPath: "", problem: "file not found")) {
            try ConfigLoader.load(path: "/nonexistent/x.json", required: true, environment: [:])
        }
    }

    @Test("an unknown key is named with its path")
    func unknownKeyNamed() {
        let error = problem(#"{"server": {"prot": 80}}"#)
        #expect(error?.keyPath == "server.prot")
        #expect(error?.problem.contains("unknown key") == true)
    }

    @Test("a value of the wrong type is named with its path")
    func wrongTypeNamed() {
        let error = problem(#"{"server": {"port": "eighty"}}"#)
        #expect(error?.keyPath == "server.port")
        #expect(error?.problem == "expected an integer")
    }

    @Test("an out-of-range port is rejected")
    func portRange() {
        #expect(problem(#"{"server": {"port": 70000}}"#)?.keyPath == "server.port")
    }

    @Test("a negative connection limit is rejected")
    func maxConnections() {
        #expect(problem(#"{"server": {"maxConnections": -1}}"#)?.keyPath == "server.maxConnections")
    }

    @Test("a write timeout that is not positive, or a negative unsent-output bound, is rejected")
    func writeLimits() {
        #expect(problem(#"{"server": {"writeTimeoutSeconds": 0}}"#)?.keyPath == "server.writeTimeoutSeconds")
        #expect(problem(#"{"server": {"maxPendingOutputBytes": -1}}"#)?.keyPath == "server.maxPendingOutputBytes")
    }

    @Test("a trusted proxy that is not an IP address is rejected, naming it")
    func trustedProxies() {
        let error = problem(#"{"server": {"trustedProxies": ["127.0.0.1", "proxy.local"]}}"#)
        #expect(error?.keyPath == "server.trustedProxies")
        #expect(error?.problem.contains("proxy.local") == true)
    }

    @Test("an unknown Toss mode is rejected")
    func tossMode() {
        #expect(problem(#"{"payments": {"toss": {"mode": "prod"}}}"#)?.keyPath == "payments.toss.mode")
    }

    @Test("live mode requires an API base")
    func liveNeedsAPIBase() {
        #expect(problem(#"{"payments": {"toss": {"mode": "live"}}}"#)?.keyPath == "payments.toss.apiBase")
    }

    @Test("an unknown synchronous mode is rejected")
    func synchronousMode() {
        #expect(problem(#"{"database": {"synchronous": "SOMETIMES"}}"#)?.keyPath == "database.synchronous")
    }

    @Test("a session store other than database or cache is rejected")
    func sessionStore() {
        #expect(problem(#"{"server": {"sessionStore": "redis"}}"#)?.keyPath == "server.sessionStore")
    }

    @Test("malformed JSON is reported as such")
    func malformedJSON() {
        #expect(problem("{ server: }")?.problem.hasPrefix("not valid JSON") == true)
    }

    @Test("plugin options accept strings, numbers and booleans")
    func pluginOptions() throws {
        let config = try decode(#"{"cache": {"plugin": "redis", "options": {"url": "redis://127.0.0.1:6379", "ttlSeconds": 30, "degraded": true}}}"#)
        #expect(config.cache.plugin == "redis")
        #expect(config.cache.options == ["url": "redis://127.0.0.1:6379", "ttlSeconds": "30", "degraded": "true"])
    }

    @Test("a plugin section must name its plugin")
    func pluginNameRequired() {
        #expect(problem(#"{"queue": {"options": {}}}"#)?.keyPath == "queue.plugin")
    }

    @Test("the environment overrides the port and the database path")
    func environmentOverrides() throws {
        let config = try ConfigLoader.load(path: "/nonexistent/storefront.json", required: false,
                                           environment: ["STOREFRONT_PORT": "9191", "STOREFRONT_DATABASE": "/tmp/x.sqlite"])
        #expect(config.server.port == 9191)
        #expect(config.database.path == "/tmp/x.sqlite")
    }

    @Test("a non-numeric port in the environment names the variable")
    func badEnvironmentPort() {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(path: "/nonexistent/storefront.json", required: false, environment: ["STOREFRONT_PORT": "x"])
        }
    }

    @Test("the repository's storefront.json is valid")
    func repositoryDefaultFileIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("storefront.json").path
        let config = try ConfigLoader.load(path: path, required: true, environment: [:])
        #expect(config.payments.toss.mode == "sandbox")
    }
}

@Suite("Products CSV import limits in the configuration")
struct ProductImportConfigTests {
    @Test("a row limit or file size out of range names its key")
    func limitsNamed() {
        for (json, key) in [(#"{"admin": {"productImportMaxRows": 0}}"#, "admin.productImportMaxRows"),
                            (#"{"admin": {"productImportMaxBytes": 10}}"#, "admin.productImportMaxBytes")] {
            #expect(throws: (any Error).self) { try ConfigLoader.decode(Data(json.utf8), source: "storefront.json") }
            do {
                _ = try ConfigLoader.decode(Data(json.utf8), source: "storefront.json")
            } catch let error as ConfigError {
                #expect(error.keyPath == key)
            } catch {
                Issue.record("not a ConfigError: \(error)")
            }
        }
    }
}
