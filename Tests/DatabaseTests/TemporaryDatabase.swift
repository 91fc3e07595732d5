import Database
import Foundation

/// A unique database file under the temp directory, removed (with its WAL and SHM files) afterwards.
struct TemporaryDatabase {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("database-tests-\(UUID().uuidString).sqlite").path
    }

    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Runs `body` with a fresh pool on a temp file, then closes the pool and deletes the files.
@discardableResult
func withTemporaryPool<T>(_ configuration: DatabaseConfiguration = .init(readerCount: 2),
                          _ body: (DatabasePool) async throws -> T) async throws -> T {
    let file = TemporaryDatabase()
    defer { file.remove() }
    let pool = try await DatabasePool(path: file.path, configuration: configuration)
    do {
        let result = try await body(pool)
        await pool.close()
        return result
    } catch {
        await pool.close()
        throw error
    }
}

/// Runs `body` with a single connection on a temp file, then deletes the files.
@discardableResult
func withTemporaryConnection<T>(_ body: (Connection) throws -> T) throws -> T {
    let file = TemporaryDatabase()
    defer { file.remove() }
    let connection = try Connection(path: file.path)
    return try body(connection)
}
