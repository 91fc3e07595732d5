import Foundation

/// Starts, finds and ends signed-in sessions over any `SessionStore`.
///
/// Guarantees: every sign-in gets a fresh random 256-bit id (`SecureToken.hex()`), and the session the
/// browser had before is deleted, so an id planted before login is worthless after it (no fixation).
/// Sessions last `lifetime` seconds (14 days by default); an expired or malformed id loads as nil.
public struct SessionService: Sendable {
    public static let defaultLifetime = 14 * 24 * 60 * 60

    let store: any SessionStore
    let lifetime: Int
    let now: @Sendable () -> Int

    public init(store: any SessionStore, lifetime: Int = SessionService.defaultLifetime,
                now: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }) {
        self.store = store
        self.lifetime = lifetime
        self.now = now
    }

    /// A new session for `account`, saved; `previousId` (the cookie the browser sent, if any) is deleted.
    public func start(for account: Account, replacing previousId: String? = nil) async throws(ShopError) -> Session {
        let session = Session(id: SecureToken.hex(), userId: account.id, signupId: account.signupId,
                              name: account.name, expiresAt: now() + lifetime)
        try await ShopError.mapping {
            if let previousId, Self.isWellFormedId(previousId) { try await store.delete(previousId) }
            try await store.save(session)
        }
        return session
    }

    /// The live session with `id`, or nil when the id is malformed, unknown or expired
    /// (an expired session found in the store is deleted on the way).
    public func load(_ id: String) async throws(ShopError) -> Session? {
        guard Self.isWellFormedId(id) else { return nil }
        return try await ShopError.mapping {
            guard let session = try await store.load(id) else { return nil }
            guard !session.isExpired(now: now()) else {
                try await store.delete(id)
                return nil
            }
            return session
        }
    }

    /// Ends the session (sign-out). Ending an unknown session is not an error.
    public func end(_ id: String) async throws(ShopError) {
        guard Self.isWellFormedId(id) else { return }
        try await ShopError.mapping { try await store.delete(id) }
    }

    /// Session ids are 64 lowercase hex characters; anything else is refused unread.
    public static func isWellFormedId(_ id: String) -> Bool {
        id.utf8.count == 64 && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
