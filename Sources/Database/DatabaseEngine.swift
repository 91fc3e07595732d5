/// Which database engine a connection or pool speaks to.
///
/// SQLite is the embedded default; PostgreSQL is for a shop that runs on several machines. Code that
/// must say something differently to each (search, upsert details, migrations) branches on this value
/// in one place and says why.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}
