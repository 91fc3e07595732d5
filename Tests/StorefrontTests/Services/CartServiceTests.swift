import Foundation
import Testing
@testable import Storefront

@Suite("CartService")
struct CartServiceTests {
    @Test("adding the same product twice adds to one line")
    func addTwice() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let apple = try await shop.product("사과", price: 3_000, quantity: 10)
            #expect(try await shop.addToCart(user, apple, "2") == 2)
            #expect(try await shop.addToCart(user, apple, " 3 ") == 5)
            #expect(try await shop.cartService.count(userId: user) == 1)
        }
    }

    @Test("the same product form arriving twice (a double click) adds once; the next rendering of the form adds again")
    func addTokenOnce() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let apple = try await shop.product("사과", price: 3_000, quantity: 10)
            let first = CartRules.newAddToken(), second = CartRules.newAddToken()
            func add(_ token: String) async throws -> Int {
                try await shop.cartService.add(userId: user, signupId: "shopper", productId: "\(apple.id)", quantity: "2", addToken: token)
            }
            #expect(try await add(first) == 2)
            #expect(try await add(first) == 2)
            #expect(try await add(second) == 4)
        }
    }

    @Test("a double-clicked add of the last units lands both clicks in the cart, without a stock complaint")
    func addTokenLastUnits() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let watch = try await shop.product("시계", price: 250_000, quantity: 1)
            let token = CartRules.newAddToken()
            for _ in 0..<2 {
                #expect(try await shop.cartService.add(userId: user, signupId: "shopper", productId: "\(watch.id)",
                                                       quantity: "1", addToken: token) == 1)
            }
        }
    }

    @Test("a form without a token, or with one the shop never makes, adds every time", arguments: [nil, "", "not-a-token", "ABCDEF0123456789ABCDEF0123456789"])
    func addWithoutToken(token: String?) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let apple = try await shop.product("사과", price: 3_000, quantity: 10)
            for expected in [1, 2] {
                #expect(try await shop.cartService.add(userId: user, signupId: "shopper", productId: "\(apple.id)",
                                                       quantity: "1", addToken: token) == expected)
            }
        }
    }

    @Test("a quantity that is not a whole number from 1 to 99 is refused on the quantity field",
          arguments: ["0", "-1", "100", "abc", "", "1.5", "+2", "1e2"])
    func badQuantity(quantity: String) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 500)
            await #expect(throws: ShopError.validation(["quantity": "수량은 1개 이상 99개 이하의 숫자로 입력해 주세요."])) {
                try await shop.addToCart(user, product, quantity)
            }
            #expect(try await shop.count("cart") == 0)
        }
    }

    @Test("adding an unknown or malformed product is not found", arguments: ["999", "abc", "-1", "0"])
    func unknownProduct(id: String) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            await #expect(throws: ShopError.notFound(.product)) {
                try await shop.cartService.add(userId: user, signupId: "shopper", productId: id, quantity: "1")
            }
        }
    }

    @Test("a sold-out product cannot be added")
    func soldOut() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 0)
            await #expect(throws: ShopError.conflict("품절된 상품입니다.")) {
                try await shop.addToCart(user, product, "1")
            }
        }
    }

    @Test("adding beyond stock, counting what is already in the cart, says how many are left")
    func aboveStock() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 5)
            await #expect(throws: ShopError.conflict("재고가 부족합니다. (남은 수량: 5개)")) {
                try await shop.addToCart(user, product, "6")
            }
            try await shop.addToCart(user, product, "3")
            await #expect(throws: ShopError.conflict("재고가 부족합니다. (남은 수량: 5개)")) {
                try await shop.addToCart(user, product, "3")
            }
            #expect(try await shop.cartService.summary(userId: user).totalQuantity == 3)
        }
    }

    @Test("adding exactly the units left in stock succeeds")
    func exactlyStock() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 5)
            try await shop.addToCart(user, product, "3")
            #expect(try await shop.addToCart(user, product, "2") == 5)
        }
    }

    @Test("one line never holds more than 99 units")
    func lineLimit() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 500)
            try await shop.addToCart(user, product, "99")
            await #expect(throws: ShopError.conflict("한 상품은 최대 99개까지 담을 수 있습니다.")) {
                try await shop.addToCart(user, product, "1")
            }
        }
    }

    @Test("changing a quantity sets the line")
    func change() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 5)
            try await shop.addToCart(user, product, "1")
            try await shop.cartService.changeQuantity(userId: user, productId: "\(product.id)", quantity: "5")
            #expect(try await shop.cartService.summary(userId: user).lines.first?.quantity == 5)
        }
    }

    @Test("changing a quantity to 0 or a negative number is an error, not a delete", arguments: ["0", "-2"])
    func changeToZero(quantity: String) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 5)
            try await shop.addToCart(user, product, "2")
            await #expect(throws: ShopError.validation(["quantity": CartRules.quantityMessage])) {
                try await shop.cartService.changeQuantity(userId: user, productId: "\(product.id)", quantity: quantity)
            }
            #expect(try await shop.cartService.summary(userId: user).lines.first?.quantity == 2)
        }
    }

    @Test("changing above stock or on a sold-out product is refused")
    func changeAboveStock() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 4)
            try await shop.addToCart(user, product, "2")
            await #expect(throws: ShopError.conflict("재고가 부족합니다. (남은 수량: 4개)")) {
                try await shop.cartService.changeQuantity(userId: user, productId: "\(product.id)", quantity: "5")
            }
            try await shop.write { db in try CatalogRepository().adjustStock(db, productId: product.id, by: -4, StockMovement(reason: .other)) }
            await #expect(throws: ShopError.conflict("품절된 상품입니다.")) {
                try await shop.cartService.changeQuantity(userId: user, productId: "\(product.id)", quantity: "1")
            }
        }
    }

    @Test("changing a product that is not in the cart is not found", arguments: ["notanid", "999", "SELF"])
    func changeMissingLine(id: String) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 4)
            let productId = id == "SELF" ? "\(product.id)" : id
            await #expect(throws: ShopError.notFound(.cartLine)) {
                try await shop.cartService.changeQuantity(userId: user, productId: productId, quantity: "1")
            }
        }
    }

    @Test("removing a line removes it; removing it again is harmless")
    func remove() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product()
            try await shop.addToCart(user, product, "1")
            try await shop.cartService.remove(userId: user, productId: "\(product.id)")
            try await shop.cartService.remove(userId: user, productId: "\(product.id)")
            #expect(try await shop.cartService.summary(userId: user).isEmpty)
            await #expect(throws: ShopError.notFound(.cartLine)) { try await shop.cartService.remove(userId: user, productId: "x") }
        }
    }

    @Test("the summary prices every line from the catalog and totals them")
    func summary() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let other = try await shop.user("other")
            let apple = try await shop.product("사과", price: 3_000, quantity: 10)
            let pear = try await shop.product("배", price: 12_900, quantity: 10)
            try await shop.addToCart(user, apple, "3")
            try await shop.addToCart(user, pear, "2")
            try await shop.addToCart(other, pear, "1", signupId: "other")
            let summary = try await shop.cartService.summary(userId: user)
            #expect(summary.lines.map(\.product.name) == ["사과", "배"])
            #expect(summary.lines.map(\.unitPrice) == [3_000, 12_900])
            #expect(summary.lines.map(\.lineTotal) == [9_000, 25_800])
            #expect(summary.totalPrice == 34_800)
            #expect(summary.totalQuantity == 5)
            #expect(summary.itemCount == 2)
            #expect(summary.isWithinStock)
            #expect(try await shop.cartService.count(userId: user) == 2)
        }
    }

    @Test("a cart holding a price from before the bounds sums without trapping and says which product it cannot order")
    func priceFromBeforeBounds() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let pricey = try await shop.product("금괴", price: 1_000, quantity: 100)
            try await shop.addToCart(user, pricey, "93")
            try await shop.setPriceFromBeforeBounds(pricey.id, 100_000_000_000_000_000)
            let summary = try await shop.cartService.summary(userId: user)
            #expect(summary.lines.map(\.lineTotal) == [nil])
            #expect(summary.totalPrice == nil)
            #expect(summary.limitMessage == "\(OrderLimits.unitPriceMessage): 금괴")
        }
    }

    @Test("a cart adding up to more than 10,000,000,000원 says so, and one just at it does not")
    func totalBound() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let first = try await shop.product("첫째", price: OrderLimits.maxUnitPrice, quantity: 99)
            let second = try await shop.product("둘째", price: 2_000_000, quantity: 99)
            try await shop.addToCart(user, first, "99")
            try await shop.addToCart(user, second, "10")
            #expect(try await shop.cartService.summary(userId: user).totalPrice == 9_920_000_000)
            try await shop.cartService.changeQuantity(userId: user, productId: "\(second.id)", quantity: "50")
            #expect(try await shop.cartService.summary(userId: user).totalPrice == OrderLimits.maxOrderTotal)
            try await shop.cartService.changeQuantity(userId: user, productId: "\(second.id)", quantity: "51")
            let over = try await shop.cartService.summary(userId: user)
            #expect(over.totalPrice == nil)
            #expect(over.limitMessage == OrderLimits.totalMessage)
        }
    }

    @Test("a line whose stock dropped below it is flagged")
    func stockDropped() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 5)
            try await shop.addToCart(user, product, "4")
            try await shop.write { db in try CatalogRepository().adjustStock(db, productId: product.id, by: -2, StockMovement(reason: .other)) }
            let summary = try await shop.cartService.summary(userId: user)
            #expect(summary.lines.first?.exceedsStock == true)
            #expect(!summary.isWithinStock)
        }
    }
}
