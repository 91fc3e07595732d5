/// Which database engine a connection or writer runs on.
///
/// Repositories write one portable SQL text; they branch on the engine only where the dialects
/// really differ (search, upsert details) and say why at that place.
public enum DatabaseEngine: String, Sendable {
    /// SQLite embedded in the process: the default, no server needed.
    case sqlite
    /// PostgreSQL through libpq: for shops that run on several machines.
    case postgres
}
