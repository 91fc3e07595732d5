import Testing
@testable import Storefront

@Suite("server.metricsToken")
struct MetricsConfigTests {
    @Test("STOREFRONT_METRICS_TOKEN sets the token")
    func fromEnvironment() throws {
        let config = try ConfigLoader.load(path: "/nonexistent/storefront.json", required: false,
                                           environment: ["STOREFRONT_METRICS_TOKEN": "0123456789abcdef0123"])
        #expect(config.server.metricsToken == "0123456789abcdef0123")
    }

    @Test("a short or spaced token is refused naming the key, without quoting the token",
          arguments: ["short-secret", "a token with spaces inside", "토큰토큰토큰토큰토큰토큰"])
    func refused(token: String) {
        var config = StorefrontConfig()
        config.server.metricsToken = token
        #expect {
            try ConfigLoader.validate(config, source: "storefront.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains("server.metricsToken") && !text.contains(token)
        }
    }
}
