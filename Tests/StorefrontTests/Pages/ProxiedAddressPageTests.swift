import HTTP
import Storefront
import TestSupport
import Testing

@Suite("behind a trusted proxy")
struct ProxiedAddressPageTests {
    /// Signs in as `signupId` through the proxy (the test client at 127.0.0.1) for the client at `address`.
    func signIn(_ shop: PageShop, _ signupId: String = "shopper", from address: String, password: String) async throws -> TestResponse {
        let browser = shop.browser()
        return try await browser.post("/login", form: [("_csrf", try await browser.csrfToken()), ("signup_id", signupId),
                                                       ("password", password)],
                                      headers: [("X-Forwarded-For", address)])
    }

    @Test("failed logins lock the forwarded client's address, not every shopper behind the proxy")
    func throttlePerForwardedClient() async throws {
        try await withPageShop(configure: { $0.server.trustedProxies = ["127.0.0.1"] }) { shop in
            try await shop.account()
            for guess in 0..<5 {  // different ids, so that only the address can be what gets locked
                _ = try await signIn(shop, "guess\(guess)", from: "203.0.113.7", password: "wrong horse")
            }
            #expect(try await signIn(shop, from: "203.0.113.7", password: PageShop.password).status == 429)
            #expect(try await signIn(shop, from: "203.0.113.8", password: PageShop.password).status == 200)
        }
    }
}
