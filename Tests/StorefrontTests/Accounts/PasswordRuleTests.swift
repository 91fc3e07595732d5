import Testing
@testable import Storefront

@Suite("Password rule")
struct PasswordRuleTests {
    static func refusal(_ password: String, signupId: String = "hong_gd1") -> String? {
        var errors = ValidationErrors()
        AccountRules.password(password, signupId: signupId, into: &errors)
        return errors[AccountRules.passwordField]
    }

    @Test("a password among the 10,000 most common is refused, whatever its letter case",
          arguments: ["12345678", "password", "Password", "PASSWORD", "iloveyou", "qwertyuiop", "baseball", "11111111"])
    func common(password: String) {
        #expect(Self.refusal(password) == AccountRules.passwordCommonMessage)
    }

    @Test("a password made of whitespace alone is refused", arguments: ["        ", "\t\t\t\t\t\t\t\t", "　　　　　　　　"])
    func blank(password: String) {
        #expect(Self.refusal(password) == AccountRules.passwordBlankMessage)
    }

    @Test("a password equal to the signup id is refused, whatever its letter case", arguments: ["hong_gd1", "HONG_GD1"])
    func sameAsId(password: String) {
        #expect(Self.refusal(password, signupId: "hong_gd1") == AccountRules.passwordSameAsIdMessage)
    }

    @Test("a password that is none of those is accepted", arguments: ["correct horse", "sesame street", "바다가 보이는 창가"])
    func accepted(password: String) {
        #expect(Self.refusal(password) == nil)
    }

    @Test("the list holds the 10,000 passwords it says, read once into a set")
    func list() {
        #expect(AccountRules.commonPasswordList.split(separator: "\n").count == 10_000)
        #expect(AccountRules.commonPasswords.contains("password"))
        #expect(AccountRules.commonPasswords.count > 9_000)
    }

    @Test("a 비밀번호 확인 that differs from the password is refused on its own field; a form without it is not checked")
    func confirmation() {
        var errors = ValidationErrors()
        AccountRules.passwordConfirmation("correct horsE", of: "correct horse", into: &errors)
        #expect(errors == [AccountRules.passwordConfirmationField: AccountRules.passwordConfirmationMessage])
        errors = [:]
        AccountRules.passwordConfirmation("correct horse", of: "correct horse", into: &errors)
        AccountRules.passwordConfirmation(nil, of: "correct horse", into: &errors)
        #expect(errors.isEmpty)
    }
}
