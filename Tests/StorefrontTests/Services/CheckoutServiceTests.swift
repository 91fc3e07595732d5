import Foundation
import Testing
@testable import Storefront

@Suite("CheckoutService")
struct CheckoutServiceTests {
    /// A user with 2 apples (3,000원) and 1 pear (12,900원) in the cart.
    func filledCart(_ shop: Shop) async throws -> (user: Int, apple: Product, pear: Product) {
        let user = try await shop.user()
        let apple = try await shop.product("사과", price: 3_000, quantity: 10)
        let pear = try await shop.product("배", price: 12_900, quantity: 3)
        try await shop.addToCart(user, apple, "2")
        try await shop.addToCart(user, pear, "1")
        return (user, apple, pear)
    }

    func place(_ shop: Shop, user: Int, name: String = "홍길동", phone: String = "010-1234-5678",
               method: String = "toss.card") async throws -> Order {
        try await shop.checkoutService().placeOrder(userId: user, signupId: "shopper", customerName: name,
                                                    customerPhone: phone, paymentMethod: method)
    }

    @Test("the preview shows the cart at current prices")
    func preview() async throws {
        try await withShop { shop async throws in
            let (user, _, _) = try await filledCart(shop)
            let preview = try await shop.checkoutService().preview(userId: user)
            #expect(preview.lines.map(\.lineTotal) == [6_000, 12_900])
            #expect(preview.totalPrice == 18_900)
            #expect(preview.totalQuantity == 3)
        }
    }

    @Test("an empty cart cannot be previewed or ordered")
    func emptyCart() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            await #expect(throws: ShopError.conflict("장바구니가 비어 있습니다.")) { try await shop.checkoutService().preview(userId: user) }
            await #expect(throws: ShopError.conflict("장바구니가 비어 있습니다.")) { try await place(shop, user: user) }
        }
    }

    @Test("placing an order reserves stock, prices lines from the catalog and keeps the cart")
    func placeOrder() async throws {
        try await withShop { shop async throws in
            let (user, apple, pear) = try await filledCart(shop)
            let order = try await place(shop, user: user, name: " 홍길동 ")
            #expect(order.status == .pending)
            #expect(order.totalPrice == 18_900)
            #expect(order.totalQuantity == 3)
            #expect(order.customerName == "홍길동")
            #expect(order.customerPhone == "01012345678")
            #expect(order.paymentMethod == "toss.card")
            #expect(order.orderName == "사과 외 1건")
            #expect(try await shop.stock(apple.id) == 8)
            #expect(try await shop.stock(pear.id) == 2)
            #expect(try await shop.cartService.count(userId: user) == 2)
        }
    }

    @Test("an order beyond 10,000,000,000원 is refused with the limit and reserves nothing")
    func totalBound() async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let pricey = try await shop.productsAtMaxPrice(["첫째", "둘째"], stock: 99)
            for product in pricey { try await shop.addToCart(user, product, "99") }
            await #expect(throws: ShopError.conflict(OrderLimits.totalMessage)) { try await shop.checkoutService().preview(userId: user) }
            await #expect(throws: ShopError.conflict(OrderLimits.totalMessage)) { try await place(shop, user: user) }
            for product in pricey { #expect(try await shop.stock(product.id) == 99) }
            #expect(try await shop.count("web_payment") == 0)
        }
    }

    @Test("a customer name is counted in code points, as the database counts it",
          arguments: [String(repeating: "👨‍👩‍👧‍👦", count: 50), String(repeating: "e\u{301}", count: 50)])
    func customerNameInCodePoints(name: String) async throws {
        try await withShop { shop async throws in
            let (user, _, _) = try await filledCart(shop)
            await #expect(throws: ShopError.validation([CheckoutService.customerNameField: AccountRules.nameMessage])) {
                try await place(shop, user: user, name: name)
            }
            #expect(try await shop.count("web_payment") == 0)
        }
    }

    @Test("a price change before checkout is charged at the new price")
    func currentPrices() async throws {
        try await withShop { shop async throws in
            let (user, apple, _) = try await filledCart(shop)
            try await shop.database.write { db in _ = try db.execute("UPDATE product SET price = 3500 WHERE product_id = ?", [apple.id]) }
            #expect(try await place(shop, user: user).totalPrice == 7_000 + 12_900)
        }
    }

    @Test("bad customer details and a disabled payment method are refused per field")
    func validation() async throws {
        try await withShop { shop async throws in
            let (user, apple, _) = try await filledCart(shop)
            await #expect(throws: ShopError.validation([
                "customer_name": AccountRules.nameMessage, "customer_phone": AccountRules.phoneMessage,
                "payment_method": "결제 수단을 선택해 주세요.",
            ])) { try await place(shop, user: user, name: "  ", phone: "12345", method: "toss.virtualAccount") }
            #expect(try await shop.count("web_payment") == 0)
            #expect(try await shop.stock(apple.id) == 10)
        }
    }

    @Test("a line that cannot be reserved names the product and reserves nothing")
    func insufficientStock() async throws {
        try await withShop { shop async throws in
            let (user, apple, pear) = try await filledCart(shop)
            try await shop.write { db in try CatalogRepository().adjustStock(db, productId: pear.id, by: -3, StockMovement(reason: .other)) }
            await #expect(throws: ShopError.conflict("재고 부족: 배 (남은 수량: 0개)")) { try await place(shop, user: user) }
            #expect(try await shop.stock(apple.id) == 10)
            #expect(try await shop.count("web_payment") == 0)
        }
    }

    @Test("checking out again (a double click, a second try) expires the earlier unpaid order and returns its stock first")
    func newCheckoutReplacesPendingOrder() async throws {
        try await withShop { shop async throws in
            let (user, apple, pear) = try await filledCart(shop)
            let first = try await place(shop, user: user)
            let second = try await place(shop, user: user)
            #expect(try await shop.read { db in try OrderRepository().find(db, orderId: first.orderId) }?.status == .expired)
            #expect(try await shop.read { db in try OrderRepository().find(db, orderId: second.orderId) }?.status == .pending)
            #expect(try await shop.stock(apple.id) == 8)
            #expect(try await shop.stock(pear.id) == 2)
        }
    }

    @Test("an order already being paid is not touched by a new checkout")
    func newCheckoutLeavesConfirmingOrder() async throws {
        try await withShop { shop async throws in
            let (user, apple, _) = try await filledCart(shop)
            let first = try await place(shop, user: user)
            _ = try await shop.write { db in try OrderRepository().transition(db, orderId: first.orderId, from: [.pending], to: .confirming) }
            _ = try await place(shop, user: user)
            #expect(try await shop.read { db in try OrderRepository().find(db, orderId: first.orderId) }?.status == .confirming)
            #expect(try await shop.stock(apple.id) == 6)
        }
    }

    @Test("another shopper's unpaid order keeps its stock when someone else checks out")
    func newCheckoutLeavesOthersOrders() async throws {
        try await withShop { shop async throws in
            let (user, apple, _) = try await filledCart(shop)
            let other = try await shop.user("other")
            try await shop.addToCart(other, apple, "1", signupId: "other")
            let theirs = try await shop.checkoutService().placeOrder(userId: other, signupId: "other", customerName: "김철수",
                                                                     customerPhone: "010-9876-5432", paymentMethod: "toss.card")
            _ = try await place(shop, user: user)
            #expect(try await shop.read { db in try OrderRepository().find(db, orderId: theirs.orderId) }?.status == .pending)
            #expect(try await shop.stock(apple.id) == 7)
        }
    }

    @Test("two checkouts racing for the last unit make one order and one 재고 부족")
    func lastUnitRace() async throws {
        try await withShop { shop async throws in
            let last = try await shop.product("마지막 상품", quantity: 1)
            var users: [Int] = []
            for name in ["first", "second"] {
                let user = try await shop.user(name)
                try await shop.addToCart(user, last, "1", signupId: name)
                users.append(user)
            }
            let outcomes = await withTaskGroup(of: Result<Order, ShopError>.self) { group in
                for user in users {
                    group.addTask {
                        do throws(ShopError) {
                            return .success(try await shop.checkoutService().placeOrder(
                                userId: user, signupId: "x", customerName: "구매자", customerPhone: "01012345678",
                                paymentMethod: "toss.card"))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: [Result<Order, ShopError>]()) { $0.append($1) }
            }
            let orders = outcomes.compactMap { try? $0.get() }
            let failures = outcomes.compactMap { outcome -> ShopError? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(orders.count == 1)
            #expect(failures == [.conflict("재고 부족: 마지막 상품 (남은 수량: 0개)")])
            #expect(try await shop.stock(last.id) == 0)
        }
    }

    @Test("a long first product name is cut between characters so the order name fits Toss's 100 UTF-16 units (what its SDK counts)",
          arguments: [(String(repeating: "가", count: 120), String(repeating: "가", count: 94) + "… 외 1건"),
                      (String(repeating: "👨‍👩‍👧‍👦", count: 60), String(repeating: "👨‍👩‍👧‍👦", count: 8) + "… 외 1건")])
    func longOrderName(productName: String, orderName: String) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let long = try await shop.product(productName, quantity: 5)
            let short = try await shop.product("배", quantity: 5)
            try await shop.addToCart(user, long, "1")
            try await shop.addToCart(user, short, "1")
            let name = try await place(shop, user: user).orderName
            #expect(name == orderName)
            #expect(name.utf16.count <= Order.maxOrderNameLength)
        }
    }
}
