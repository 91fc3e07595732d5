import Database
import Foundation
import Testing

/// The throwaway PostgreSQL cluster `.ci/services` starts (`STOREFRONT_TEST_POSTGRES_URL`, a superuser).
/// Locally without it the PostgreSQL suites are skipped; with `CI=true` they run and fail.
public enum PostgresTestServer {
    public static var url: String? { ProcessInfo.processInfo.environment["STOREFRONT_TEST_POSTGRES_URL"] }
    public static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    public static var shouldRun: Bool { url != nil || inCI }
    public static let skipReason: Comment = "STOREFRONT_TEST_POSTGRES_URL is not set (start it with .ci/services)"

    public struct MissingServer: Error, CustomStringConvertible {
        public var description: String { "STOREFRONT_TEST_POSTGRES_URL is not set: the test command starts PostgreSQL" }
    }

    /// A fresh, empty database of its own on the test server, and what drops it.
    public struct CreatedDatabase: Sendable {
        public let url: PostgresURL
        /// `url` as text, password included: for a config's `database.url`.
        public let urlText: String
        let admin: String
        let name: String

        /// Drops the database, closing whatever still uses it.
        public func drop() async {
            let admin = admin, name = name
            _ = try? await offCooperativePool { Self.drop(name, admin: admin) }
        }

        private static func drop(_ name: String, admin: String) {
            guard let connection = try? PostgresConnection(configuration: PostgresConfiguration(url: try PostgresURL(parsing: admin))) else { return }
            _ = try? connection.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// Creates a fresh, empty database; the caller drops it.
    public static func createDatabase() async throws -> CreatedDatabase {
        guard let url else { throw MissingServer() }
        return try await offCooperativePool { try createDatabase(on: url) }
    }

    private static func createDatabase(on url: String) throws -> CreatedDatabase {
        let admin = try PostgresConnection(configuration: PostgresConfiguration(url: try PostgresURL(parsing: url)))
        // Our own identifier (hex from a UUID): database names cannot be bound.
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try admin.executeScript("CREATE DATABASE \(name)")
        guard var components = URLComponents(string: url) else { throw MissingServer() }
        components.path = "/" + name
        let text = components.string ?? url
        return CreatedDatabase(url: try PostgresURL(parsing: text), urlText: text, admin: url, name: name)
    }

    /// Runs `body` with the URL of a fresh, empty database of its own, dropped afterwards.
    public static func withDatabase<T>(_ body: (PostgresURL) async throws -> T) async throws -> T {
        let created = try await createDatabase()
        do {
            let value = try await body(created.url)
            await created.drop()
            return value
        } catch {
            await created.drop()
            throw error
        }
    }

    /// Runs `body` with a pool on a fresh database, closed (and the database dropped) afterwards.
    public static func withPool<T>(poolSize: Int = 2, statementTimeoutMilliseconds: Int = 10_000, poolTimeoutMilliseconds: Int = 5_000,
                            _ body: (PostgresPool, PostgresConfiguration) async throws -> T) async throws -> T {
        try await withDatabase { url in
            let configuration = PostgresConfiguration(url: url, poolSize: poolSize, statementTimeoutMilliseconds: statementTimeoutMilliseconds,
                                                      poolTimeoutMilliseconds: poolTimeoutMilliseconds)
            let pool = try await PostgresPool(configuration: configuration)
            do {
                let value = try await body(pool, configuration)
                await pool.close()
                return value
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    /// Runs `body` with one connection to a fresh database.
    public static func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withDatabase { url in
            try await offCooperativePool {
                let connection = try PostgresConnection(configuration: PostgresConfiguration(url: url))
                return try body(connection)
            }
        }
    }
}
