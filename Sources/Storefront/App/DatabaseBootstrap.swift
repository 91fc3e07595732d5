import Database
import Foundation

/// Opens the shop's database as the config says (`database.engine`): for SQLite, creates the file's
/// folder; for PostgreSQL, connects the pool. Then applies migrations.
///
/// A PostgreSQL server that cannot be reached, refuses the login or lacks a permission the migrations need
/// stops startup with one `ConfigError` line naming `database.url`, as an unreachable Redis names
/// `cache.options.url`; libpq's reason names host, port and user, never the password.
public enum DatabaseBootstrap {
    /// The database the app runs on, as `database.engine` says, migrated: SQLite's file (its folder created when
    /// missing) or PostgreSQL's pool.
    public static func open(_ section: DatabaseSection, source: String = "storefront.json") async throws -> any DatabaseWriter {
        if section.engine == "postgres" { return try await openPostgres(section, source: source) }
        return try await openSQLite(section)
    }

    /// The SQLite pool on `database.path`, migrated.
    public static func openSQLite(_ section: DatabaseSection) async throws -> DatabasePool {
        let folder = URL(fileURLWithPath: section.path).deletingLastPathComponent().path
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let synchronous = DatabaseConfiguration.Synchronous(rawValue: section.synchronous) ?? .full
        return try await StorefrontSchema.open(path: section.path, configuration: DatabaseConfiguration(synchronous: synchronous))
    }

    /// The PostgreSQL pool `database.url` names, with the schema brought up to date under the migration lock.
    public static func openPostgres(_ section: DatabaseSection, source: String = "storefront.json") async throws -> PostgresPool {
        let configuration = try postgresConfiguration(section, source: source)
        let pool: PostgresPool
        do {
            pool = try await PostgresPool(configuration: configuration)
        } catch let error as DatabaseError {
            throw ConfigError(source: source, keyPath: "database.url", problem: error.message)
        }
        do {
            try await StorefrontSchema.migrator.migrate(pool)
            return pool
        } catch let error as DatabaseError where error.sqlState == "42501" || error.kind == .connectionLost {
            await pool.close()
            let reason = error.sqlState == "42501" ? "\(configuration.url.user) lacks a permission the schema needs: \(error.message)"
                                                   : error.message
            throw ConfigError(source: source, keyPath: "database.url", problem: reason)
        } catch {
            await pool.close()
            throw error
        }
    }

    static func postgresConfiguration(_ section: DatabaseSection, source: String) throws(ConfigError) -> PostgresConfiguration {
        guard let text = section.url else {
            throw ConfigError(source: source, keyPath: "database.url", problem: "required for the postgres engine")
        }
        do throws(DatabaseError) {
            return PostgresConfiguration(url: try PostgresURL(parsing: text), poolSize: section.poolSize,
                                         statementTimeoutMilliseconds: section.statementTimeoutMilliseconds,
                                         poolTimeoutMilliseconds: section.poolTimeoutMilliseconds)
        } catch {
            throw ConfigError(source: source, keyPath: "database.url", problem: error.message)
        }
    }
}
