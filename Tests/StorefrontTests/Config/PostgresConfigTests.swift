import Database
import Foundation
import Testing
import TestSupport
@testable import Storefront

@Suite("database.* for PostgreSQL")
struct PostgresConfigTests {
    private func problem(_ json: String, environment: [String: String] = [:]) -> ConfigError? {
        do {
            var config = try ConfigLoader.decode(Data(json.utf8), source: "storefront.json")
            try ConfigLoader.applyEnvironment(environment, to: &config)
            try ConfigLoader.validate(config, source: "storefront.json")
            return nil
        } catch {
            return error
        }
    }

    @Test("the engine is sqlite unless the file says postgres")
    func defaultEngine() throws {
        #expect(StorefrontConfig().database.engine == "sqlite")
        #expect(problem(#"{"database": {"engine": "mysql"}}"#)?.keyPath == "database.engine")
    }

    @Test("postgres without a URL names database.url")
    func urlRequired() {
        #expect(problem(#"{"database": {"engine": "postgres"}}"#)?.keyPath == "database.url")
    }

    @Test("a malformed URL names database.url and never repeats what was written", arguments: [
        "mysql://shop:hunter2pw@db/shop", "postgres://shop:hunter2pw@/shop", "postgres://shop:hunter2pw@db:99999/shop",
        "postgres://shop:hunter2pw@db", "postgres://shop:hunter2pw@db/shop?password=hunter2pw",
    ])
    func badURL(url: String) {
        let error = problem(#"{"database": {"engine": "postgres", "url": "\#(url)"}}"#)
        #expect(error?.keyPath == "database.url")
        #expect(error.map { "\($0)" }?.contains("hunter2pw") == false)
    }

    @Test("STOREFRONT_DATABASE_URL sets the URL; a bad one names the variable, not its value")
    func environmentURL() throws {
        var config = StorefrontConfig()
        try ConfigLoader.applyEnvironment(["STOREFRONT_DATABASE_URL": "postgres://shop:pw@db.internal:6543/shop"], to: &config)
        #expect(config.database.url == "postgres://shop:pw@db.internal:6543/shop")
        let error = problem("{}", environment: ["STOREFRONT_DATABASE_URL": "postgres://shop:hunter2pw@"])
        #expect(error?.source == "STOREFRONT_DATABASE_URL")
        #expect(error.map { "\($0)" }?.contains("hunter2pw") == false)
    }

    @Test("pool size and timeouts out of range are named", arguments: [
        (#"{"database": {"poolSize": 0}}"#, "database.poolSize"),
        (#"{"database": {"statementTimeoutMilliseconds": -1}}"#, "database.statementTimeoutMilliseconds"),
        (#"{"database": {"poolTimeoutMilliseconds": 0}}"#, "database.poolTimeoutMilliseconds"),
    ])
    func ranges(json: String, key: String) {
        #expect(problem(json)?.keyPath == key)
    }

    @Test("the database section printed or logged shows the password as ***")
    func passwordHidden() throws {
        var config = StorefrontConfig()
        config.database.engine = "postgres"
        config.database.url = "postgres://shop:hunter2pw@db.internal:6543/shop"
        #expect(config.database.location == "postgres://shop:***@db.internal:6543/shop")
        #expect(!"\(config)".contains("hunter2pw"))
        #expect(!String(reflecting: config).contains("hunter2pw"))
    }

    @Test("a server nobody listens on stops migrate with one line naming database.url, without the password")
    func unreachable() async throws {
        var section = DatabaseSection()
        section.engine = "postgres"
        section.url = "postgres://shop:hunter2pw@127.0.0.1:1/shop"
        let error = await #expect(throws: ConfigError.self) { _ = try await DatabaseBootstrap.openPostgres(section) }
        #expect(error?.keyPath == "database.url")
        #expect(error?.problem.contains("127.0.0.1") == true)
        #expect(error.map { "\($0)" }?.contains("hunter2pw") == false)
    }

    @Test("a user without the permissions the schema needs stops migrate naming database.url",
          .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
    func missingPermission() async throws {
        try await PostgresTestServer.withDatabase { url in
            let admin = try PostgresConnection(configuration: PostgresConfiguration(url: url))
            let role = "shop_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'limited-pw'")
            defer { _ = try? admin.executeScript("DROP OWNED BY \(role); DROP ROLE IF EXISTS \(role)") }
            var section = DatabaseSection()
            section.engine = "postgres"
            section.url = "postgres://\(role):limited-pw@\(url.host):\(url.port)/\(url.database)"
            section.poolSize = 1
            let error = await #expect(throws: ConfigError.self) { _ = try await DatabaseBootstrap.openPostgres(section) }
            #expect(error?.keyPath == "database.url")
            #expect(error?.problem.contains("lacks a permission") == true)
            #expect(error.map { "\($0)" }?.contains("limited-pw") == false)
        }
    }

    @Test("migrate on PostgreSQL brings an empty database to the latest version",
          .enabled(if: PostgresTestServer.shouldRun, PostgresTestServer.skipReason))
    func migratesEmpty() async throws {
        try await PostgresTestServer.withDatabase { url in
            var section = DatabaseSection()
            section.engine = "postgres"
            section.url = PostgresTestServer.url.flatMap { URLComponents(string: $0) }.map { components in
                var copy = components
                copy.path = "/" + url.database
                return copy.string ?? ""
            }
            section.poolSize = 2
            let pool = try await DatabaseBootstrap.openPostgres(section)
            let version = try await pool.read { db in try Migrator.version(of: db) }
            await pool.close()
            #expect(version == StorefrontSchema.migrator.latestVersion)
        }
    }
}
