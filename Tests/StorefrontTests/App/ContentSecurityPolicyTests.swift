import PluginKit
import Testing
import TestSupport
@testable import Storefront

@Suite("The Content-Security-Policy per payment mode")
struct ContentSecurityPolicyTests {
    static func toss(_ mode: String, sdkURL: String?) -> TossSection {
        var toss = TossSection()
        toss.mode = mode
        toss.sdkURL = sdkURL
        return toss
    }

    static let live = ContentSecurityPolicy(toss: toss("live", sdkURL: "https://js.tosspayments.com/v2/standard"))
    static let sandbox = ContentSecurityPolicy(toss: toss("sandbox", sdkURL: "http://127.0.0.1:43210/v2/standard"))

    @Test("live mode lets the SDK frame its payment window from Toss's hosts")
    func liveFrames() {
        #expect(Self.live.sources("frame-src") == ["'self'", "https://*.tosspayments.com"])
    }

    @Test("live mode lets the SDK reach Toss's API, event and log hosts")
    func liveConnections() {
        #expect(Self.live.sources("connect-src") == ["'self'", "https://*.tosspayments.com"])
    }

    @Test("live mode loads scripts and styles from the SDK host only, never another Toss subdomain")
    func liveScriptsAndStyles() {
        #expect(Self.live.sources("script-src") == ["'self'", "https://js.tosspayments.com"])
        #expect(Self.live.sources("style-src") == ["'self'", "https://js.tosspayments.com"])
    }

    @Test("live mode lets forms post to the payment window's hosts")
    func liveForms() {
        #expect(Self.live.sources("form-action") == ["'self'", "https://*.tosspayments.com"])
    }

    @Test("live mode also allows scripts from an sdkURL on another host")
    func liveCustomSDK() {
        let policy = ContentSecurityPolicy(toss: Self.toss("live", sdkURL: "https://sdk.example.com:8443/v2/standard"))
        #expect(policy.sources("script-src") == ["'self'", "https://js.tosspayments.com", "https://sdk.example.com:8443"])
    }

    @Test("sandbox mode names the sandbox's origin, and no Toss host, wherever live names Toss")
    func sandboxTight() {
        let origin = "http://127.0.0.1:43210"
        for name in ["script-src", "frame-src", "form-action"] {
            #expect(Self.sandbox.sources(name) == ["'self'", origin], "\(name)")
        }
        #expect(Self.sandbox.sources("connect-src") == ["'self'"])
        #expect(Self.sandbox.sources("style-src") == ["'self'"])
        #expect(!Self.sandbox.headerValue.contains("tosspayments"))
    }

    @Test("without an sdkURL or with a relative one the policy is our own origin only", arguments: [nil, "", "/v2/standard", "not a url"])
    func noSDK(sdkURL: String?) {
        let policy = ContentSecurityPolicy(toss: Self.toss("sandbox", sdkURL: sdkURL))
        #expect(policy.headerValue.split(separator: ";").allSatisfy { $0.contains("'self'") || $0.contains("'none'") })
    }

    @Test("a provider's declared form-post host joins form-action, and only form-action")
    func providerFormHost() {
        let policy = ContentSecurityPolicy(toss: Self.toss("sandbox", sdkURL: nil), providers: [BrowserOrigins(forms: ["https://pg.example", "https://*.pay.example:8443"])])
        #expect(policy.sources("form-action") == ["'self'", "https://pg.example", "https://*.pay.example:8443"])
        #expect(policy.sources("script-src") == ["'self'"] && policy.sources("frame-src") == ["'self'"])
    }

    @Test("a declared value that is not an origin adds nothing", arguments: [
        "'unsafe-inline'", "*", "https://pg.example; script-src *", "https://pg.example/path", "javascript:", "https://",
        "https://*.example", "https://pg.example:+80", "https://pg.example:99999", "https://pg example", "data:",
    ])
    func providerJunk(_ source: String) {
        let policy = ContentSecurityPolicy(toss: Self.toss("sandbox", sdkURL: nil), providers: [BrowserOrigins(scripts: [source], forms: [source])])
        #expect(policy.sources("form-action") == ["'self'"] && policy.sources("script-src") == ["'self'"])
    }

    @Test("the running shop adds a form-post provider's host to form-action while its method is enabled")
    func servedWithFormProvider() async throws {
        try await withPageShop(providers: { _ in [FormPostPay()] }) { shop in
            let policy = try await shop.browser().get("/").headers["Content-Security-Policy"] ?? ""
            #expect(policy.contains("form-action 'self' https://pg.example;"), "\(policy)")
        }
        try await withPageShop(configure: { $0.payments.methods.removeAll { $0 == "formpost.card" } }, providers: { _ in [FormPostPay()] }) { shop in
            let policy = try await shop.browser().get("/").headers["Content-Security-Policy"] ?? ""
            #expect(!policy.contains("pg.example"), "\(policy)")
        }
    }

    @Test("every mode keeps the fixed protections and never allows inline code", arguments: [live, sandbox])
    func fixedProtections(policy: ContentSecurityPolicy) {
        #expect(policy.sources("default-src") == ["'self'"])
        #expect(policy.sources("frame-ancestors") == ["'none'"])
        #expect(policy.sources("object-src") == ["'none'"])
        #expect(policy.sources("base-uri") == ["'self'"])
        #expect(!policy.headerValue.contains("unsafe"))
    }

    @Test("the running shop in sandbox mode serves a policy that lets the sandbox's window be framed on every page")
    func servedInSandboxMode() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            for path in ["/", "/cart", "/login"] {
                let policy = try await shopper.shopBrowser.get(path).headers["Content-Security-Policy"] ?? ""
                #expect(policy.contains("frame-src 'self' \(live.sandbox.origin)"), "\(path): \(policy)")
                #expect(!policy.contains("tosspayments"), "\(path)")
            }
        }
    }
}

/// A provider whose window is a form posted to its own host, declared for the policy; its methods never run here.
private struct FormPostPay: PaymentProvider {
    let name = "formpost"
    let displayName = "폼결제"
    let methods: [any PaymentMethod] = [FormPostCard()]
    var browserOrigins: BrowserOrigins { BrowserOrigins(forms: ["https://pg.example"]) }
}

private struct FormPostCard: PaymentMethod {
    let id = "formpost.card"
    let displayName = "폼결제 카드"
    func browserStep(for order: PaymentOrder) -> BrowserStep {
        .formPost(action: "https://pg.example/pay", fields: [.init("order", order.orderId)])
    }
    func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        throw PaymentError(.rejected, code: "NOT_HERE", message: "not used")
    }
    func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination?, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        throw PaymentError(.rejected, code: "NOT_HERE", message: "not used")
    }
    func status(orderId: String) async throws(PaymentError) -> PaymentRecord? { nil }
    func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord? { nil }
}
