import Foundation
import Logging
import Testing
import TestSupport
import TossPayments
import TossSandbox
@testable import Storefront

/// The bundled sandbox keeps its ledger in a file beside the shop's database, so stopping and starting
/// `storefront serve` keeps the shop's paid orders refundable.
@Suite("Shop across a sandbox restart", .timeLimit(.minutes(1)))
struct SandboxRestartTests {
    @Test("an order paid before the sandbox restarts is refunded after it, through the shop's cancel")
    func refundAfterSandboxRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("storefront.toss-sandbox.sqlite").path
        try await withShop { shop in
            let first = try TossSandbox(ledgerPath: ledger)
            let port = try first.start()
            let toss = TossConfiguration(apiBase: first.apiBase, sdkURL: first.sdkURL, clientKey: first.configuration.clientKey,
                                         secretKey: first.configuration.secretKey)
            let flow = PaymentFlow(database: shop.database, methods: TossPayments.methods(toss), origin: PublicOrigin("http://shop.test"),
                                   logger: .discarding)
            let user = try await shop.signedUp()
            let product = try await shop.product("사과", price: 12_900, quantity: 5)
            _ = try await shop.addToCart(user.id, product, "1")
            let order = try await shop.checkoutService(methods: ["toss.card"]).placeOrder(
                userId: user.id, signupId: "shopper", customerName: "홍길동", customerPhone: "01012345678", paymentMethod: "toss.card")
            let key = try await Self.approveInWindow(order, port: port)
            let paid = await flow.confirm(userId: user.id, orderId: order.orderId, paymentKey: key, amount: "12900")
            guard case .settled(let settled, _) = paid, settled.status == .paid else {
                Issue.record("not paid: \(paid)")
                await first.shutdown()
                return
            }
            await first.shutdown()

            var settings = SandboxConfiguration()
            settings.port = port
            let second = try TossSandbox(configuration: settings, ledgerPath: ledger)
            try second.start()
            do {
                let canceled = try await flow.cancel(userId: user.id, orderId: order.orderId)
                #expect(canceled.status == .canceled)
                #expect(second.status(orderId: order.orderId) == "CANCELED")
                #expect(try await shop.stock(product.id) == 5)
            } catch {
                Issue.record("cancel after restart: \(error)")
            }
            await second.shutdown()
        }
    }

    /// Opens the sandbox window for `order` and presses 결제 승인, as the shopper's browser would.
    static func approveInWindow(_ order: Order, port: Int) async throws -> String {
        let request = """
            {"method":"CARD","amount":{"currency":"KRW","value":\(order.totalPrice)},"orderId":"\(order.orderId)","orderName":"사과",\
            "successUrl":"http://shop.test/payments/toss/success","failUrl":"http://shop.test/payments/toss/fail"}
            """
        let query = TestBrowser.formEncode([("clientKey", SandboxConfiguration().clientKey), ("customerKey", "@@ANONYMOUS"),
                                            ("request", request)])
        let window = try HTMLDocument(try await TestHTTPClient.request(port: port, "GET", "/sandbox/window?" + query))
        let key = try #require(window.first("//form[@method='post']")?.attribute("action")?.split(separator: "/").last)
        let approved = try await TestHTTPClient.request(port: port, "POST", "/sandbox/window/\(key)",
                                                        headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                        body: Array("action=approve".utf8))
        #expect(approved.status == 303)
        return String(key)
    }
}
