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
                let account = try AccountRepository(database: live.database).find(db, signupId: LiveShopFixture.signupId)
                return try OrderRepository(database: live.database).list(db, userId: account?.id ?? -1).map(\.status)
            }
            #expect(statuses.sorted { $0.rawValue < $1.rawValue } == [.expired, .pending])
            #expect(try await live.stock() == 3)
        }
    }
}
