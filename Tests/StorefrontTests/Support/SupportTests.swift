import Foundation
import Testing
@testable import Storefront

@Suite("money and tokens")
struct SupportTests {
    @Test("won amounts are grouped by thousands with the unit", arguments: [
        (0, "0원"), (900, "900원"), (12_900, "12,900원"), (1_000, "1,000원"), (1_234_567, "1,234,567원"), (-3_000, "-3,000원"),
    ])
    func wonFormatting(_ amount: Int, _ expected: String) {
        #expect(Won.format(amount) == expected)
    }

    @Test("Toss timestamps parse with an offset, with or without fractional seconds; anything else does not",
          arguments: [("2024-06-11T14:32:05+09:00", 1_718_083_925.0), ("2024-06-11T05:32:05Z", 1_718_083_925.0),
                      ("2024-06-11T14:32:05.123+09:00", 1_718_083_925.0), ("2024-06-11", nil), ("내일", nil), ("", nil)] as [(String, Double?)])
    func tossTimestamps(text: String, seconds: Double?) {
        #expect(ProviderTimestamp.parse(text).map { $0.timeIntervalSince1970.rounded(.down) } == seconds)
    }

    @Test("a Toss timestamp is shown in Seoul time in Korean")
    func tossTimestampText() {
        #expect(PageContext.dateText(iso: "2024-06-11T05:32:05Z") == "2024년 6월 11일 14:32")
        #expect(PageContext.dateText(iso: "곧") == "곧")
    }

    @Test("tokens are 256-bit hex and differ each time")
    func tokensAreRandom() {
        let a = SecureToken.hex(), b = SecureToken.hex()
        #expect(a.count == 64)
        #expect(a != b)
        #expect(a.allSatisfy { $0.isHexDigit })
    }

    @Test("a random UUID reads back as a version 4 UUID in lowercase, and differs each time")
    func randomUUIDs() {
        let a = SecureToken.uuidString(), b = SecureToken.uuidString()
        #expect(a != b)
        #expect(UUID(uuidString: a)?.uuidString.lowercased() == a)
        #expect(Array(a)[14] == "4")
        #expect("89ab".contains(Array(a)[19]))
    }

    @Test("constant-time comparison agrees with equality")
    func constantTimeCompare() {
        #expect(SecureToken.constantTimeEquals("abc", "abc"))
        #expect(!SecureToken.constantTimeEquals("abc", "abd"))
        #expect(!SecureToken.constantTimeEquals("abc", "abcd"))
    }
}
