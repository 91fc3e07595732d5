import TestSupport
import Testing
@testable import Storefront

@Suite("CSRF protection of every POST over HTTP")
struct CSRFPageTests {
    /// Every form the shop posts, with fields that would succeed with the right token.
    enum Form: String, CaseIterable, Sendable {
        case signup, login, logout, cartAdd, cartChange, cartRemove, checkout, orderCancel

        /// Whether the form is posted by a visitor (a fresh browser) rather than the signed-in shopper.
        var byVisitor: Bool { self == .signup || self == .login }

        func request(_ shop: PageShop, orderId: String) -> (path: String, fields: [(String, String)]) {
            switch self {
            case .signup: ("/signup", [("signup_id", "intruder"), ("password", "long enough"), ("name", "침입자"), ("phone", "01000000000")])
            case .login: ("/login", [("signup_id", "shopper"), ("password", PageShop.password)])
            case .logout: ("/logout", [])
            case .cartAdd: ("/cart/items", [("product_id", "\(shop.apple.id)"), ("quantity", "1")])
            case .cartChange: ("/cart/items/\(shop.apple.id)", [("quantity", "5")])
            case .cartRemove: ("/cart/items/\(shop.apple.id)/delete", [])
            case .checkout: ("/checkout", [("customer_name", "홍길동"), ("customer_phone", "01012345678"), ("method", shop.method.id), ("recipient", "홍길동"), ("recipient_phone", "010-1234-5678"), ("postal_code", "06236"), ("address_line1", "서울 강남구 테헤란로 152"), ("address_line2", "12층")])
            case .orderCancel: ("/orders/\(orderId)/cancel", [])
            }
        }
    }

    /// How the token is wrong.
    enum Token: String, CaseIterable, Sendable {
        /// No `_csrf` field at all.
        case missing
        /// A well-formed token that is not the cookie's.
        case wrong
        /// The field and the cookie agree but the cookie is not a token the shop issues.
        case forgedCookie
    }

    /// What a successful POST would change.
    struct Snapshot: Equatable {
        var accounts: Int
        var sessions: Int
        var cart: [Int: Int]
        var orders: [String: OrderStatus]
        var appleStock: Int
        var cancelCalls: Int

        init(_ shop: PageShop) async throws {
            accounts = try await shop.shop.count("users")
            sessions = try await shop.shop.count("sessions")
            cart = Dictionary(uniqueKeysWithValues: try await shop.cartLines().map { ($0.product.id, $0.quantity) })
            orders = Dictionary(uniqueKeysWithValues: try await shop.orders().map { ($0.orderId, $0.status) })
            appleStock = try await shop.shop.stock(shop.apple.id)
            cancelCalls = shop.method.cancelCallCount
        }
    }

    @Test("a POST without the right CSRF token answers the Korean 403 page and changes nothing",
          arguments: Form.allCases, Token.allCases)
    func refused(form: Form, token: Token) async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let orderId = try await shop.placeOrder(shopper, shop.scripted)
            _ = try await shop.pay(shopper, orderId: orderId)
            try await shopper.addToCart(shop.apple, "2")
            let before = try await Snapshot(shop)

            let browser = form.byVisitor ? shop.browser() : shopper
            _ = try await browser.get("/")
            let (path, fields) = form.request(shop, orderId: orderId)
            let sent: [(String, String)]
            switch token {
            case .missing:
                sent = fields
            case .wrong:
                sent = [("_csrf", String(repeating: "ab", count: 32))] + fields
            case .forgedCookie:
                browser.setCookie(SessionMiddleware.csrfCookie, "forged")
                sent = [("_csrf", "forged")] + fields
            }
            let response = try await browser.post(path, form: sent)

            #expect(response.status == 403)
            let page = try response.page()
            #expect(page.errorCode == "403")
            #expect(page.errorHeading == "접근할 수 없습니다")
            #expect(page.errorMessage == "보안 토큰이 맞지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.")
            #expect(try await Snapshot(shop) == before)
            #expect(response.headers.values(for: "Set-Cookie").allSatisfy { !$0.hasPrefix(SessionMiddleware.sessionCookie + "=") })
        }
    }
}
