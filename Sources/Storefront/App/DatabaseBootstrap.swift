import Database
import Foundation

/// Opens the shop's database as the config says: creates the file's folder, applies migrations,
/// and (for `serve` on an empty database, and for `seed`) loads the demo catalog.
public enum DatabaseBootstrap {
    public static func open(_ section: DatabaseSection) async throws -> DatabasePool {
        let folder = URL(fileURLWithPath: section.path).deletingLastPathComponent().path
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let synchronous = DatabaseConfiguration.Synchronous(rawValue: section.synchronous) ?? .full
        return try await StorefrontSchema.open(path: section.path, configuration: DatabaseConfiguration(synchronous: synchronous))
    }
}
