import Foundation

/// Where a PostgreSQL server is and who to be there: `postgres://user:password@host:port/dbname`.
///
/// Parsed once, up front, so a malformed URL is a clear error before anything connects. The password is
/// kept only to hand to libpq: `description` (and so every log line and error built from it) shows
/// `***` in its place, and parse errors never quote the text they were given.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    let password: String?
    public let database: String
    /// libpq's `sslmode` (`disable`, `prefer`, `require`, …) when the URL sets one.
    public let sslMode: String?

    static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// Parses `text`; throws a `DatabaseError` saying what is wrong (never echoing the text, which may hold a password).
    public init(parsing text: String) throws(DatabaseError) {
        func bad(_ problem: String) -> DatabaseError {
            DatabaseError(kind: .other, message: "\(problem); expected postgres://user:password@host:port/dbname")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw bad("not a URL")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw bad("the scheme must be postgres://") }
        guard let host = components.host, !host.isEmpty else { throw bad("no host") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw bad("the port must be 1…65535") }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else { throw bad("no user") }
        let name = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard let database = name.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw bad("no database name")
        }
        var sslMode: String?
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, Self.sslModes.contains(value) else {
                throw bad("the only query option is sslmode=\(Self.sslModes.joined(separator: "|"))")
            }
            sslMode = value
        }
        // URLComponents keeps brackets around an IPv6 host; libpq wants the bare address.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.user = user
        self.password = components.percentEncodedPassword?.removingPercentEncoding
        self.database = database
        self.sslMode = sslMode
    }

    /// The URL with the password replaced by `***`: safe to log.
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }
}
