import Database
import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Sign-up consents: 이용약관, 개인정보, 만 14세 (필수), 마케팅 (선택), 전체 동의")
struct SignupConsentTests {
    static let fields = [("signup_id", "new_user1"), ("password", "long enough"), ("password_confirm", "long enough"),
                         ("name", "김철수"), ("phone", "010-2222-3333")]

    @Test("the form offers 전체 동의 and the four consents, the three required ones marked and the texts linked")
    func formLists() async throws {
        try await withPageShop { shop in
            let page = try await shop.browser().get("/signup").page()
            let fieldset = "//form[@action='/signup']//fieldset[\(hasClass("consents"))]"
            #expect(page.first("\(fieldset)//input[@id='agree-all'][@type='checkbox']") != nil)
            #expect(page.texts("\(fieldset)//div[\(hasClass("consent"))]/label").dropFirst()
                    == ["이용약관 동의 (필수)", "개인정보 수집·이용 동의 (필수)", "만 14세 이상입니다 (필수)", "마케팅 정보 수신 동의 (선택)"])
            #expect(page.xpath("\(fieldset)//input[@data-consent][@required]").map { $0.attribute("name") }
                    == ["agree_terms", "agree_privacy", "agree_age"])
            #expect(page.first("\(fieldset)//a[@href='/terms']") != nil && page.first("\(fieldset)//a[@href='/privacy']") != nil)
        }
    }

    @Test("a sign-up without the required consents comes back with the message on each box, the ticked one kept, and no account")
    func requiredRefused() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().submit("/signup", fields: Self.fields + [("agree_terms", "on")])
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='agree-privacy-error']") == Consent.privacy.missingMessage)
            #expect(page.text("//p[@id='agree-age-error']") == Consent.age.missingMessage)
            #expect(page.first("//p[@id='agree-terms-error']") == nil)
            #expect(page.first("//input[@id='agree-terms'][@checked]") != nil)
            #expect(page.first("//input[@id='agree-privacy'][@aria-invalid='true']") != nil)
            #expect(page.first("//div[\(hasClass("error-summary"))]//a[@href='#agree-privacy']") != nil)
            #expect(try await shop.shop.count("users") == 0)
        }
    }

    @Test("전체 동의 alone, without script, agrees to all four, stored with their version and time")
    func allWithoutScript() async throws {
        try await withPageShop { shop in
            let before = Date(unixSeconds: Date().unixSeconds)
            let response = try await shop.browser().submit("/signup", fields: Self.fields + [("agree_all", "on")])
            #expect(response.status == 200)
            let user = try await shop.userId("new_user1")
            let stored = try await shop.shop.read { db in try ConsentRepository().consents(db, userId: user) }
            #expect(stored.map(\.consent) == Consent.allCases)
            #expect(stored.allSatisfy { $0.version == "2026-12-01" && $0.agreedAt >= before })
        }
    }

    @Test("the required boxes without 마케팅 store three consents and no marketing one", arguments: TestDatabases.engines)
    func optionalLeftOut(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let service = AccountService(database: shop.database, passwordCost: 4)
            let account = try await service.signUp(SignupForm(signupId: "new_user1", password: "long enough", name: "김철수",
                                                              phone: "01022223333", consents: [.terms, .privacy, .age]))
            let stored = try await shop.read { db in try ConsentRepository().consents(db, userId: account.id) }
            #expect(stored.map(\.consent) == [.terms, .privacy, .age])
        }
    }

    @Test("the terms and the privacy notice have pages of their own", arguments: [("/terms", "이용약관"), ("/privacy", "개인정보 수집·이용 동의")])
    func policyPages(path: String, heading: String) async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get(path)
            #expect(response.status == 200)
            #expect(try response.page().text("//h1") == heading)
        }
    }
}
