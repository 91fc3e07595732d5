/// How `PostgresPool` connects and how long it lets things take.
public struct PostgresConfiguration: Sendable, Equatable {
    public var url: PostgresURL
    /// Connections in the pool, each on a thread of its own.
    public var poolSize: Int
    /// The server cancels a statement that runs longer (`statement_timeout`); 0 means no limit.
    public var statementTimeoutMilliseconds: Int
    /// How long a caller waits for a free connection before `DatabaseError.Kind.poolTimeout`.
    public var poolTimeoutMilliseconds: Int
    /// How long opening a connection may take (libpq's `connect_timeout`, whole seconds, at least 2).
    public var connectTimeoutSeconds: Int

    public init(url: PostgresURL, poolSize: Int = 8, statementTimeoutMilliseconds: Int = 10_000,
                poolTimeoutMilliseconds: Int = 5_000, connectTimeoutSeconds: Int = 5) {
        self.url = url
        self.poolSize = max(1, poolSize)
        self.statementTimeoutMilliseconds = max(0, statementTimeoutMilliseconds)
        self.poolTimeoutMilliseconds = max(1, poolTimeoutMilliseconds)
        self.connectTimeoutSeconds = max(2, connectTimeoutSeconds)
    }
}
