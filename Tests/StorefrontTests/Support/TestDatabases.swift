import Database
import Foundation
import TestSupport
@testable import Storefront

/// Fresh, migrated, empty shop databases for the suites, on a chosen engine.
///
/// Suites that take the engine as a parameter (`@Test(arguments: TestDatabases.engines)` and
/// `withShop(on: engine)`) run unchanged on every engine listed in `engines`, because everything they
/// touch goes through `any DatabaseWriter`. SQLite is always there (a temp file, deleted afterwards).
/// PostgreSQL joins when `STOREFRONT_TEST_POSTGRES_URL` names a server (`.ci/services` starts one) and always
/// with `CI=true`, where a missing server fails the test rather than skipping it; each test gets a database
/// of its own, dropped afterwards.
enum TestDatabases {
    /// The engines parameterised suites run on.
    static var engines: [DatabaseEngine] {
        PostgresTestServer.shouldRun ? [.sqlite, .postgres] : [.sqlite]
    }

    /// A database no test has touched, and what removes it.
    struct Opened: Sendable {
        let database: any DatabaseWriter
        let remove: @Sendable () async -> Void
    }

    /// `migrator` is the shop's own unless a test needs a database as an older version left it.
    static func open(_ engine: DatabaseEngine, migrator: Migrator = StorefrontSchema.migrator) async throws -> Opened {
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("shop-tests-\(UUID().uuidString).sqlite").path
            let pool: DatabasePool
            do {
                pool = try await DatabasePool(path: path, configuration: .init(readerCount: 2))
                try await migrator.migrate(pool)
            } catch {
                removeFiles(path)
                throw error
            }
            return Opened(database: pool) {
                await pool.close()
                removeFiles(path)
            }
        case .postgres:
            let created = try await PostgresTestServer.createDatabase()
            let pool: PostgresPool
            do {
                pool = try await PostgresPool(configuration: PostgresConfiguration(url: created.url, poolSize: 2))
                try await migrator.migrate(pool)
            } catch {
                await created.drop()
                throw error
            }
            return Opened(database: pool) {
                await pool.close()
                await created.drop()
            }
        }
    }

    private static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Runs `body` against a fresh shop database on `engine`, migrated by `migrator` (the shop's own by default), and
/// removes it afterwards, whether `body` returns or throws.
func withShop(on engine: DatabaseEngine = .sqlite, migrator: Migrator = StorefrontSchema.migrator,
              _ body: (Shop) async throws -> Void) async throws {
    let opened = try await TestDatabases.open(engine, migrator: migrator)
    do {
        try await body(Shop(database: opened.database))
        await opened.remove()
    } catch {
        await opened.remove()
        throw error
    }
}
