/// The back office: how long a staff session lives. Shorter than a shopper's on purpose: a forgotten signed-in
/// back-office tab can refund orders.
public struct AdminSection: Decodable, Sendable, Equatable {
    /// Minutes without a request after which a staff session ends (1…1440).
    public var sessionIdleMinutes = 30
    /// Hours after sign-in after which a staff session ends however busy (1…168).
    public var sessionLifetimeHours = 12

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case sessionIdleMinutes, sessionLifetimeHours }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionIdleMinutes = try c.value(.sessionIdleMinutes, default: sessionIdleMinutes)
        sessionLifetimeHours = try c.value(.sessionLifetimeHours, default: sessionLifetimeHours)
        guard (1...1440).contains(sessionIdleMinutes) else {
            throw DecodingError.dataCorruptedError(forKey: .sessionIdleMinutes, in: c, debugDescription: "expected minutes from 1 to 1440")
        }
        guard (1...168).contains(sessionLifetimeHours) else {
            throw DecodingError.dataCorruptedError(forKey: .sessionLifetimeHours, in: c, debugDescription: "expected hours from 1 to 168")
        }
    }
}
