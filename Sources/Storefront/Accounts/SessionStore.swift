import Database
import Foundation

/// A signed-in shopper's server-side session. Anonymous visitors have none: nothing is stored for
/// them, so crawlers and load tests cannot fill the session store.
public struct Session: Sendable, Codable, Equatable {
    /// The random 256-bit id (64 lowercase hex characters) carried by the session cookie.
    public let id: String
    public var userId: Int
    public var signupId: String
    /// The shopper's name, for the header ("홍길동님").
    public var name: String
    /// Seconds since 1970 after which the session is void.
    public var expiresAt: Int

    public init(id: String, userId: Int, signupId: String, name: String, expiresAt: Int) {
        self.id = id
        self.userId = userId
        self.signupId = signupId
        self.name = name
        self.expiresAt = expiresAt
    }

    /// Whether the session is void at `now` (unix seconds); the expiry instant itself is already void.
    public func isExpired(now: Int) -> Bool { now >= expiresAt }
}

/// Where sessions live: the database by default, the cache plugin when several instances share one.
/// Implementations must make a saved session visible to every later `load`, and a deleted one to none;
/// `save` with an existing id replaces that session.
public protocol SessionStore: Sendable {
    /// The session with `id`, or nil when there is none. May return an expired session; callers check.
    func load(_ id: String) async throws -> Session?
    /// Stores `session`, replacing any session with the same id.
    func save(_ session: Session) async throws
    /// Removes the session with `id`; removing an unknown id is not an error.
    func delete(_ id: String) async throws
}

/// The default `SessionStore`: the `sessions` table.
///
/// The row keeps only the user id; `load` joins `users`, so the name shown is always current and a
/// deleted account's sessions vanish with it (ON DELETE CASCADE). Expired rows are never returned.
/// `csrf_token` is stored empty: CSRF uses a double-submit cookie, not the session.
public struct DatabaseSessionStore: SessionStore {
    let database: any DatabaseWriter
    let sessions: SessionRepository
    let now: @Sendable () -> Date

    public init(database: any DatabaseWriter, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        sessions = SessionRepository()
        self.now = now
    }

    public func load(_ id: String) async throws -> Session? {
        let at = now(), sessions = self.sessions
        guard let found = try await database.read({ db in try sessions.findSignedIn(db, id: id, now: at) }),
              let userId = found.record.userId else { return nil }
        return Session(id: id, userId: userId, signupId: found.signupId, name: found.name,
                       expiresAt: Int(found.record.expiresAt.unixSeconds))
    }

    public func save(_ session: Session) async throws {
        let record = SessionRecord(id: session.id, userId: session.userId, csrfToken: "", createdAt: now(),
                                   expiresAt: Date(unixSeconds: Int64(session.expiresAt)))
        let sessions = self.sessions
        try await database.write { db in try sessions.save(db, record) }
    }

    public func delete(_ id: String) async throws {
        try await database.write { db in try sessions.delete(db, id: id) }
    }
}
