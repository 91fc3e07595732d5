import Foundation

/// A signed-in shopper's server-side session. Anonymous visitors have none: nothing is stored for
/// them, so crawlers and load tests cannot fill the session store.
public struct Session: Sendable, Codable, Equatable {
    /// The random 256-bit id carried by the `sf_session` cookie.
    public let id: String
    public var userId: Int
    public var signupId: String
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

    public func isExpired(now: Int) -> Bool { now >= expiresAt }
}

/// Where sessions live: the database by default, the cache plugin when several instances share one.
/// Implementations must make a saved session visible to every later `load`, and a deleted one to none.
public protocol SessionStore: Sendable {
    func load(_ id: String) async throws -> Session?
    func save(_ session: Session) async throws
    func delete(_ id: String) async throws
}
