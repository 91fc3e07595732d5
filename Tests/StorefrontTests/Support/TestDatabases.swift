import Database
import Foundation
@testable import Storefront

/// Fresh, migrated, empty shop databases for the suites, on a chosen engine.
///
/// Suites that take the engine as a parameter (`@Test(arguments: TestDatabases.engines)` and
/// `withShop(on: engine)`) run unchanged on every engine listed in `engines`, because everything they
/// touch goes through `any DatabaseWriter`. SQLite is always there (a temp file, deleted afterwards).
/// PostgreSQL joins when `STOREFRONT_TEST_DATABASE_URL` names a server; until its driver opens a
/// database here, asking for it fails the test rather than skipping it.
enum TestDatabases {
    /// The engines parameterised suites run on.
    static var engines: [DatabaseEngine] {
        ProcessInfo.processInfo.environment["STOREFRONT_TEST_DATABASE_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// A database no test has touched, and what removes it.
    struct Opened: Sendable {
        let database: any DatabaseWriter
        let remove: @Sendable () async -> Void
    }

    struct Unavailable: Error, CustomStringConvertible {
        let engine: DatabaseEngine
        var description: String { "no test database can be opened on \(engine.rawValue) in this build" }
    }

    static func open(_ engine: DatabaseEngine) async throws -> Opened {
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("shop-tests-\(UUID().uuidString).sqlite").path
            let pool: DatabasePool
            do {
                pool = try await StorefrontSchema.open(path: path, configuration: .init(readerCount: 2))
            } catch {
                removeFiles(path)
                throw error
            }
            return Opened(database: pool) {
                await pool.close()
                removeFiles(path)
            }
        case .postgres:
            throw Unavailable(engine: engine)
        }
    }

    private static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Runs `body` against a fresh, migrated shop database on `engine` and removes it afterwards, whether
/// `body` returns or throws.
func withShop(on engine: DatabaseEngine = .sqlite, _ body: (Shop) async throws -> Void) async throws {
    let opened = try await TestDatabases.open(engine)
    do {
        try await body(Shop(database: opened.database))
        await opened.remove()
    } catch {
        await opened.remove()
        throw error
    }
}
