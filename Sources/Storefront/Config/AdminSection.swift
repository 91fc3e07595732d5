/// The back office: how long a staff session lives (shorter than a shopper's on purpose: a forgotten signed-in
/// back-office tab can refund orders), and how large a products CSV import may be.
public struct AdminSection: Decodable, Sendable, Equatable {
    /// Minutes without a request after which a staff session ends (1…1440).
    public var sessionIdleMinutes = 30
    /// Hours after sign-in after which a staff session ends however busy (1…168).
    public var sessionLifetimeHours = 12
    /// Product rows one CSV import may hold, header not counted (1…100,000).
    public var productImportMaxRows = 5_000
    /// Bytes one products CSV file may have (1 KB…50 MB; 2 MB by default).
    public var productImportMaxBytes = 2 << 20

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sessionIdleMinutes, sessionLifetimeHours, productImportMaxRows, productImportMaxBytes
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionIdleMinutes = try c.value(.sessionIdleMinutes, default: sessionIdleMinutes)
        sessionLifetimeHours = try c.value(.sessionLifetimeHours, default: sessionLifetimeHours)
        productImportMaxRows = try c.value(.productImportMaxRows, default: productImportMaxRows)
        productImportMaxBytes = try c.value(.productImportMaxBytes, default: productImportMaxBytes)
        guard (1...100_000).contains(productImportMaxRows) else {
            throw DecodingError.dataCorruptedError(forKey: .productImportMaxRows, in: c, debugDescription: "expected rows from 1 to 100000")
        }
        guard (1024...(50 << 20)).contains(productImportMaxBytes) else {
            throw DecodingError.dataCorruptedError(forKey: .productImportMaxBytes, in: c,
                                                   debugDescription: "expected bytes from 1024 to 52428800")
        }
        guard (1...1440).contains(sessionIdleMinutes) else {
            throw DecodingError.dataCorruptedError(forKey: .sessionIdleMinutes, in: c, debugDescription: "expected minutes from 1 to 1440")
        }
        guard (1...168).contains(sessionLifetimeHours) else {
            throw DecodingError.dataCorruptedError(forKey: .sessionLifetimeHours, in: c, debugDescription: "expected hours from 1 to 168")
        }
    }
}
