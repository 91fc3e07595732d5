/// How `DatabasePool` opens its connections. WAL is not configurable: it is always on.
public struct DatabaseConfiguration: Sendable, Equatable {
    /// SQLite's `PRAGMA synchronous` levels.
    public enum Synchronous: String, Sendable, Codable, CaseIterable {
        case off = "OFF"
        case normal = "NORMAL"
        /// The default: a committed payment survives a power cut.
        case full = "FULL"
        case extra = "EXTRA"
    }

    public var synchronous: Synchronous
    /// How long a connection waits for a lock before failing with `SQLITE_BUSY`.
    public var busyTimeoutMilliseconds: Int32
    /// Number of reader connections (each on its own thread); at least 1.
    public var readerCount: Int

    public init(synchronous: Synchronous = .full, busyTimeoutMilliseconds: Int32 = 5_000, readerCount: Int = 4) {
        self.synchronous = synchronous
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.readerCount = max(1, readerCount)
    }
}
