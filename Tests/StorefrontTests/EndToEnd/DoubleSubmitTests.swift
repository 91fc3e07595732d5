import Database
import Testing
import TestSupport
@testable import Storefront

/// What a double click on a form does over real HTTP: two requests at once from one session.
@Suite("Double submits", .timeLimit(.minutes(1)))
struct DoubleSubmitTests {
    @Test("a double-clicked 결제하기 leaves one order waiting for payment and the stock reserved once")
    func checkoutTwiceAtOnce() async throws {
        try await withLiveShop(stock: 5) { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await shopper.addToCart(quantity: 2)
            let answers = try await shopper.submitTwiceAtOnce("/checkout", form: shopper.checkoutForm(method: "toss.card"))
            #expect(answers.map(\.status) == [200, 200])
            let statuses = try await live.database.read { db in
                let account = try AccountRepository().find(db, signupId: LiveShopFixture.signupId)
                return try OrderRepository().list(db, userId: account?.id ?? -1).map(\.status)
            }
            #expect(statuses.sorted { $0.rawValue < $1.rawValue } == [.expired, .pending])
            #expect(try await live.stock() == 3)
        }
    }

    @Test("a double-clicked 장바구니 담기 adds the quantity once and sends both clicks to the cart")
    func addToCartTwiceAtOnce() async throws {
        try await withLiveShop(stock: 5) { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            let page = try await shopper.shopBrowser.get("/products/\(live.product.id)").page()
            let token = try #require(page.first("//form[@action='/cart/items']//input[@name='add_token']")?.attribute("value"))
            let answers = try await shopper.submitTwiceAtOnce("/cart/items", form: [
                ("product_id", "\(live.product.id)"), ("quantity", "2"), ("add_token", token), ("_csrf", shopper.csrf),
            ])
            #expect(answers.map(\.status) == [303, 303])
            #expect(answers.allSatisfy { $0.headers["Location"]?.hasPrefix("/cart") == true })
            let quantities = try await live.database.read { db in
                try db.query("SELECT quantity FROM cart") { row throws(DatabaseError) in try row.int(0) }
            }
            #expect(quantities == [2])
        }
    }

    @Test("a double-clicked 가입하기 makes one account and signs both clicks in, not one welcome and one 이미 사용 중")
    func signupTwiceAtOnce() async throws {
        try await withLiveShop { live in
            let visitor = ScriptedShopper(live)
            _ = try await visitor.shopBrowser.get("/signup")
            let answers = try await visitor.submitTwiceAtOnce("/signup", form: [
                ("signup_id", "newbie_1"), ("password", "correct horse"), ("name", "김하나"), ("phone", "010-2222-3333"), ("agree_all", "on"),
                ("_csrf", visitor.csrf),
            ])
            #expect(answers.map(\.status) == [303, 303])
            #expect(answers.allSatisfy { $0.headers["Location"] == "/" })
            #expect(try await live.shop.count("users") == 2)
        }
    }
}
