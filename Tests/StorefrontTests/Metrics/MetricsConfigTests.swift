import Foundation
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

@Suite("serve with a metrics token", .timeLimit(.minutes(1)))
struct MetricsServeTests {
    @Test("serve says who may read /metrics and never writes the token")
    func tokenNeverLogged() async throws {
        let token = "tok-\(UUID().uuidString)"
        let run = try await ServeCommandTests.run(config: #"{"server": {"port": 0}, "database": {"path": "shop.sqlite"}}"#,
                                                  environment: ["STOREFRONT_METRICS_TOKEN": token]) { output in
            output.contains("event=listening")
        }
        #expect(run.output.contains("metrics=bearer_token"))
        #expect(!run.output.contains(token))
    }
}
