import Foundation
import Testing
import TestSupport
@testable import Storefront

/// The cart, checkout and order pages through the real server.
@Suite("Cart, checkout and order pages", .timeLimit(.minutes(1)))
struct CartAndOrderPageTests {
    func cartQuantities(_ shopper: ScriptedShopper) async throws -> [String] {
        try HTMLDocument(try await shopper.shopBrowser.get("/cart")).xpath("//input[@name='quantity']").compactMap { $0.attribute("value") }
    }

    @Test("adding shows the line in the cart with its quantity")
    func addToCart() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await shopper.addToCart(quantity: 2)
            #expect(try await cartQuantities(shopper) == ["2"])
        }
    }

    @Test("a quantity of 0, below 0, above stock or not a number is refused with a message and the cart is unchanged",
          arguments: ["0", "-1", "6", "two", ""])
    func badQuantities(quantity: String) async throws {
        try await withLiveShop(stock: 5) { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            let response = try await shopper.shopBrowser.post("/cart/items", form: [
                ("product_id", String(live.product.id)), ("quantity", quantity), ("_csrf", shopper.csrf),
            ])
            #expect((400..<500).contains(response.status))
            #expect(try HTMLDocument(response).first("//*[contains(@class,'field-error')]") != nil)
            #expect(try await live.shop.count("cart") == 0)
        }
    }

    @Test("adding an unknown or malformed product is a 404 and changes nothing", arguments: ["999999", "abc"])
    func unknownProductInCart(id: String) async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            let response = try await shopper.shopBrowser.post("/cart/items", form: [("product_id", id), ("quantity", "1"), ("_csrf", shopper.csrf)])
            #expect(response.status == 404)
            #expect(try await live.shop.count("cart") == 0)
        }
    }

    @Test("changing a line's quantity and removing it work from the cart page")
    func changeAndRemove() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await shopper.addToCart(quantity: 2)
            _ = try await shopper.shopBrowser.post("/cart/items/\(live.product.id)", form: [("quantity", "3"), ("_csrf", shopper.csrf)])
            #expect(try await cartQuantities(shopper) == ["3"])
            _ = try await shopper.shopBrowser.post("/cart/items/\(live.product.id)/delete", form: [("_csrf", shopper.csrf)])
            #expect(try await cartQuantities(shopper) == [])
        }
    }

    @Test("checkout shows the order summary, the CSRF field and exactly the enabled payment methods")
    func checkoutPage() async throws {
        try await withLiveShop { live in
            let shopper = ScriptedShopper(live)
            try await shopper.signIn()
            try await shopper.addToCart(quantity: 2)
            let page = try HTMLDocument(try await shopper.shopBrowser.get("/checkout"))
            #expect(page.first("//form[@action='/checkout']//input[@name='_csrf']")?.attribute("value") == shopper.csrf)
            let methods = page.xpath("//input[@name='method']").compactMap { $0.attribute("value") }
            #expect(methods == ["toss.card", "toss.transfer", "toss.virtualAccount", "toss.tosspay"])
            #expect(page.first("//input[@name='customer_name']")?.attribute("value") == "홍길동")
        }
    }

    @Test("placing the order makes it PENDING with its stock reserved; a second order for the last unit is refused")
    func lastUnit() async throws {
        try await withLiveShop(stock: 1) { live in
            let first = ScriptedShopper(live)
            try await first.signIn()
            try await first.addToCart()
            let page = try await first.checkout(method: "toss.card")
            #expect(try await live.status(page.orderId) == .pending)
            #expect(try await live.stock() == 0)

            _ = try await live.shop.signedUp("second")
            let second = ScriptedShopper(live)
            try await second.signIn(as: "second")
            let refused = try await second.shopBrowser.post("/cart/items", form: [
                ("product_id", String(live.product.id)), ("quantity", "1"), ("_csrf", second.csrf),
            ])
            #expect((400..<500).contains(refused.status))
            #expect(refused.text.contains("재고"))
            #expect(try await live.shop.count("web_payment") == 1)
        }
    }

    @Test("the order history and detail show the shopper's own order; another shopper's order is 404")
    func ordersAreOwnOnly() async throws {
        try await withLiveShop { live in
            let owner = ScriptedShopper(live)
            let (orderId, _) = try await owner.pay(with: "toss.card")
            let history = try HTMLDocument(try await owner.shopBrowser.get("/orders"))
            #expect(!history.xpath("//a[contains(@href,'/orders/\(orderId)')]").isEmpty)
            #expect(try await owner.shopBrowser.get("/orders/\(orderId)").status == 200)

            _ = try await live.shop.signedUp("intruder")
            let intruder = ScriptedShopper(live)
            try await intruder.signIn(as: "intruder")
            #expect(try await intruder.shopBrowser.get("/orders/\(orderId)").status == 404)
            let cancel = try await intruder.shopBrowser.post("/orders/\(orderId)/cancel", form: [("_csrf", intruder.csrf)])
            #expect(cancel.status == 404)
            #expect(try await live.status(orderId) == .paid)
        }
    }
}
