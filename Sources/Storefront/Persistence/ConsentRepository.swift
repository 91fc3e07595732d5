import Database
import Foundation

/// The consents stored with each account (`user_consent`): one row per consent given, with the version of its
/// text and when. Runs inside its caller's unit of work, like every repository.
public struct ConsentRepository: Sendable {
    public init() {}

    /// Records `consents` for the account, each at its current `version`, agreed `now`.
    public func record(_ db: any DatabaseConnection, userId: Int, _ consents: Set<Consent>, now: Date = Date()) throws {
        for consent in Consent.allCases where consents.contains(consent) {
            _ = try db.execute("INSERT INTO user_consent (user_id, consent, version, agreed_at) VALUES (?, ?, ?, ?)",
                               [userId, consent.rawValue, consent.version, now.unixSeconds])
        }
    }

    /// The account's consents, in the form's order.
    public func consents(_ db: any DatabaseConnection, userId: Int) throws -> [AccountConsent] {
        let rows = try db.query("SELECT consent, version, agreed_at FROM user_consent WHERE user_id = ?", [userId]) {
            row throws(DatabaseError) -> AccountConsent? in
            guard let consent = Consent(rawValue: try row.string("consent")) else { return nil }
            return AccountConsent(consent: consent, version: try row.string("version"),
                                  agreedAt: Date(unixSeconds: try row.int64("agreed_at")))
        }
        return rows.compactMap { $0 }.sorted { Consent.allCases.firstIndex(of: $0.consent) ?? 0 < Consent.allCases.firstIndex(of: $1.consent) ?? 0 }
    }
}
