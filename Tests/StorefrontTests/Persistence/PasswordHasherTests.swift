import Testing
@testable import Storefront

@Suite("PasswordHasher")
struct PasswordHasherTests {
    let hasher = PasswordHasher(cost: 4)

    @Test("a hash is bcrypt $2b$ at the configured cost and verifies only the right password")
    func hashAndVerify() throws {
        let hash = try hasher.hash("비밀번호123")
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(hash.count == 60)
        #expect(hasher.verify("비밀번호123", against: hash))
        #expect(!hasher.verify("비밀번호124", against: hash))
    }

    @Test("the same password hashes differently each time (fresh salt)")
    func saltsDiffer() throws {
        #expect(try hasher.hash("same") != hasher.hash("same"))
    }

    @Test("passwords bcrypt would truncate are refused")
    func tooLong() {
        #expect(throws: PasswordHasher.Failure.passwordTooLong(bytes: 73)) { try hasher.hash(String(repeating: "a", count: 73)) }
    }

    @Test("a malformed stored hash never verifies", arguments: ["", "plain", "$2b$04$short", "*0"])
    func malformed(stored: String) {
        #expect(!hasher.verify("anything", against: stored))
    }

    @Test("constant-time comparison still tells different lengths apart")
    func compare() {
        #expect(PasswordHasher.constantTimeEquals([1, 2], [1, 2]))
        #expect(!PasswordHasher.constantTimeEquals([1, 2], [1, 2, 0]))
        #expect(!PasswordHasher.constantTimeEquals([1, 2], [1, 3]))
    }
}
