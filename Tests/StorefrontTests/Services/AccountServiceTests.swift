import Foundation
import Testing
@testable import Storefront

@Suite("AccountService")
struct AccountServiceTests {
    static let good = SignupForm(signupId: "hong_gd1", password: "correct horse", name: "  홍길동 ", phone: "010-1234 5678")

    @Test("signup stores a bcrypt hash, the trimmed name and the phone's digits")
    func signUp() async throws {
        try await withShop { shop async throws in
            let account = try await shop.accountService().signUp(Self.good)
            #expect(account.signupId == "hong_gd1")
            #expect(account.name == "홍길동")
            #expect(account.phone == "01012345678")
            #expect(account.passwordHash.hasPrefix("$2b$04$"))
            #expect(PasswordHasher(cost: 4).verify("correct horse", against: account.passwordHash))
            #expect(try await shop.read { db in try AccountRepository().find(db, signupId: "hong_gd1") } == account)
        }
    }

    @Test("a second signup with the very same form moments later (a double click) signs in to the account the first made")
    func doubleSubmittedSignup() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            let account = try await service.signUp(Self.good)
            await #expect(throws: ShopError.validation(["signup_id": "이미 사용 중인 아이디입니다."])) { try await service.signUp(Self.good) }
            #expect(await service.doubleSubmittedSignup(Self.good, remoteAddress: "10.0.0.1") == account)
        }
    }

    @Test("a taken id is someone else's when the password, name or phone differ", arguments: [
        SignupForm(signupId: "hong_gd1", password: "another horse", name: "홍길동", phone: "01012345678"),
        SignupForm(signupId: "hong_gd1", password: "correct horse", name: "김철수", phone: "01012345678"),
        SignupForm(signupId: "hong_gd1", password: "correct horse", name: "홍길동", phone: "01099998888"),
    ])
    func notADoubleSubmit(_ form: SignupForm) async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            _ = try await service.signUp(Self.good)
            #expect(await service.doubleSubmittedSignup(form, remoteAddress: "10.0.0.1") == nil)
        }
    }

    @Test("an account older than two minutes is never taken for a double click")
    func oldAccountIsNotADoubleSubmit() async throws {
        try await withShop { shop async throws in
            let clock = TestClock()
            let service = shop.accountService(clock: clock)
            _ = try await service.signUp(Self.good)
            clock.advance(by: 121)
            #expect(await service.doubleSubmittedSignup(Self.good, remoteAddress: "10.0.0.1") == nil)
        }
    }

    @Test("signup refuses a malformed signup id",
          arguments: ["abc", "abcdefghijklmnop", "Hong", "hong-gd", "홍길동아이디", "with space", ""])
    func badSignupId(signupId: String) async throws {
        try await withShop { shop async throws in
            var form = Self.good
            form.signupId = signupId
            await #expect(throws: ShopError.validation(["signup_id": "아이디는 4~15자의 영문 소문자, 숫자, 밑줄(_)만 사용할 수 있습니다."])) {
                try await shop.accountService().signUp(form)
            }
            #expect(try await shop.count("users") == 0)
        }
    }

    @Test("signup refuses a password under 8 characters, over 72 bytes, or with a NUL",
          arguments: [("short12", "비밀번호는 8자 이상이어야 합니다."),
                      (String(repeating: "가", count: 25), "비밀번호가 너무 깁니다. (최대 72바이트)"),
                      ("password\u{0}x", "비밀번호에 사용할 수 없는 문자가 있습니다.")])
    func badPassword(password: String, message: String) async throws {
        try await withShop { shop async throws in
            var form = Self.good
            form.password = password
            await #expect(throws: ShopError.validation(["password": message])) { try await shop.accountService().signUp(form) }
        }
    }

    @Test("signup refuses a blank or over-long name", arguments: ["", "   ", String(repeating: "가", count: 51)])
    func badName(name: String) async throws {
        try await withShop { shop async throws in
            var form = Self.good
            form.name = name
            await #expect(throws: ShopError.validation(["name": AccountRules.nameMessage])) { try await shop.accountService().signUp(form) }
        }
    }

    /// Fifty characters on screen, 350 and 100 code points: the database's `length(name)` counts code points.
    static let shortLookingNames = [String(repeating: "👨‍👩‍👧‍👦", count: 50), String(repeating: "e\u{301}", count: 50)]

    @Test("signup counts a name's length in code points, as the database does, and refuses 51 or more",
          arguments: shortLookingNames)
    func nameCountedInCodePoints(name: String) async throws {
        try await withShop { shop async throws in
            var form = Self.good
            form.name = name
            await #expect(throws: ShopError.validation(["name": AccountRules.nameMessage])) { try await shop.accountService().signUp(form) }
            form.name = String(repeating: "e\u{301}", count: 25)
            #expect(try await shop.accountService().signUp(form).name.unicodeScalars.count == 50)
        }
    }

    @Test("a name too long in code points spends none of the address's sign-ups")
    func longNameSpendsNoSignup() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            var form = Self.good
            form.name = Self.shortLookingNames[0]
            for _ in 0..<LoginThrottlePolicy.signups.maxFailures {
                await #expect(throws: ShopError.validation(["name": AccountRules.nameMessage])) {
                    try await service.signUp(form, remoteAddress: "10.0.0.9")
                }
            }
            #expect(try await service.signUp(Self.good, remoteAddress: "10.0.0.9").signupId == Self.good.signupId)
        }
    }

    @Test("signup refuses a phone that is not 10-11 digits", arguments: ["010-123-456", "010-1234-56789", "010-abcd-5678", "", "+82 10 1234 5678"])
    func badPhone(phone: String) async throws {
        try await withShop { shop async throws in
            var form = Self.good
            form.phone = phone
            await #expect(throws: ShopError.validation(["phone": AccountRules.phoneMessage])) { try await shop.accountService().signUp(form) }
        }
    }

    @Test("signup reports every bad field at once")
    func everyField() async throws {
        try await withShop { shop async throws in
            let form = SignupForm(signupId: "x", password: "1", name: "", phone: "1")
            await #expect(throws: ShopError.validation([
                "signup_id": AccountRules.signupIdMessage, "password": AccountRules.passwordShortMessage,
                "name": AccountRules.nameMessage, "phone": AccountRules.phoneMessage,
            ])) { try await shop.accountService().signUp(form) }
        }
    }

    @Test("a taken signup id is reported on the signup_id field")
    func duplicate() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            _ = try await service.signUp(Self.good)
            await #expect(throws: ShopError.validation(["signup_id": "이미 사용 중인 아이디입니다."])) {
                try await service.signUp(Self.good)
            }
            #expect(try await shop.count("users") == 1)
        }
    }

    @Test("two racing signups for one id create one account")
    func racingSignups() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 { group.addTask { (try? await service.signUp(Self.good)) != nil } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await shop.count("users") == 1)
        }
    }

    @Test("sign-in with the right password returns the account")
    func signIn() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            let account = try await shop.signedUp(service: service)
            #expect(try await service.signIn(signupId: " shopper ", password: "correct horse", remoteAddress: "10.0.0.1") == account)
        }
    }

    @Test("a wrong password and an unknown id get the same answer",
          arguments: [("shopper", "wrong password"), ("nobody", "correct horse"), ("NOT VALID!", "correct horse")])
    func badCredentials(signupId: String, password: String) async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            _ = try await shop.signedUp(service: service)
            await #expect(throws: ShopError.unauthorized) {
                try await service.signIn(signupId: signupId, password: password, remoteAddress: "10.0.0.1")
            }
            #expect(ShopError.unauthorized.message == "아이디 또는 비밀번호가 올바르지 않습니다.")
        }
    }

    @Test("the dummy hash for unknown ids is a well-formed hash at the service's cost")
    func dummyHash() async throws {
        try await withShop { shop async throws in
            let service = AccountService(database: shop.database, passwordCost: 5)
            #expect(service.dummyHash.hasPrefix("$2b$05$"))
            #expect(service.dummyHash.utf8.count == 60)
            #expect(!service.hasher.verify("anything", against: service.dummyHash))
        }
    }

    @Test("five failures lock the account for 15 minutes, even for the right password")
    func accountLockout() async throws {
        try await withShop { shop async throws in
            let clock = TestClock()
            let service = shop.accountService(clock: clock)
            _ = try await shop.signedUp(service: service)
            for attempt in 1...4 {
                await #expect(throws: ShopError.unauthorized) {
                    try await service.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.\(attempt)")
                }
            }
            await #expect(throws: ShopError.throttled(minutes: 15)) {
                try await service.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.0.0.5")
            }
            clock.advance(by: 60 * 5 + 1)
            await #expect(throws: ShopError.throttled(minutes: 10)) {
                try await service.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "10.0.0.6")
            }
            clock.advance(by: 60 * 10)
            #expect(try await service.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "10.0.0.6").signupId == "shopper")
        }
    }

    @Test("five failures from one address lock that address for every id")
    func addressLockout() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            _ = try await shop.signedUp(service: service)
            for attempt in 1...5 {
                _ = try? await service.signIn(signupId: "guess\(attempt)", password: "wrong", remoteAddress: "203.0.113.9")
            }
            await #expect(throws: ShopError.throttled(minutes: 15)) {
                try await service.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "203.0.113.9")
            }
            #expect(try await service.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "198.51.100.1").signupId == "shopper")
        }
    }

    @Test("a successful sign-in clears the account's failure count")
    func successResets() async throws {
        try await withShop { shop async throws in
            let service = shop.accountService()
            _ = try await shop.signedUp(service: service)
            for round in 0..<2 {
                for attempt in 1...4 {
                    _ = try? await service.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.\(round).0.\(attempt)")
                }
                _ = try await service.signIn(signupId: "shopper", password: "correct horse", remoteAddress: "10.\(round).1.1")
            }
            await #expect(throws: ShopError.unauthorized) {
                try await service.signIn(signupId: "shopper", password: "wrong", remoteAddress: "10.9.9.9")
            }
        }
    }

    @Test("the throttle message names the minutes")
    func throttleMessage() {
        #expect(ShopError.throttled(minutes: 7).message == "로그인 시도가 너무 많습니다. 7분 후에 다시 시도해 주세요.")
        let start = Date(timeIntervalSince1970: 0)
        #expect(AccountService.minutes(from: start, to: start + 1) == 1)
        #expect(AccountService.minutes(from: start, to: start + 61) == 2)
    }
}
