import Database
import Foundation
import Testing
@testable import Storefront

@Suite("OrderRepository")
struct OrderRepositoryTests {
    struct Boom: Error {}

    @Test("creating an order reserves stock and prices lines from the catalog", arguments: TestDatabases.engines)
    func create(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let coffee = try await shop.product("커피", price: 12_900, quantity: 5)
            let tea = try await shop.product("녹차", price: 4_500, quantity: 5)
            let order = try await shop.order(userId: user, [(coffee.id, 2), (tea.id, 1), (coffee.id, 1)])
            #expect(order.status == .pending)
            #expect(OrderIdentifier.isValid(order.orderId))
            #expect(order.totalQuantity == 4)
            #expect(order.totalPrice == 12_900 * 3 + 4_500)
            #expect(order.lines == [OrderLine(productId: coffee.id, productName: "커피", unitPrice: 12_900, quantity: 3),
                                    OrderLine(productId: tea.id, productName: "녹차", unitPrice: 4_500, quantity: 1)])
            #expect(order.orderName == "커피 외 1건")
            #expect(try await shop.stock(coffee.id) == 2)
            #expect(try await shop.stock(tea.id) == 4)
            #expect(try await shop.read { db in try OrderRepository().find(db, orderId: order.orderId) } == order)
        }
    }

    @Test("an order beyond the bounds throws the reason and leaves no order and no reservation", arguments: TestDatabases.engines)
    func beyondBounds(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let pricey = try await shop.productsAtMaxPrice(["첫째", "둘째"], stock: 200)
            let (first, second) = (pricey[0], pricey[1])
            let third = try await shop.product("셋째", price: 1_000, quantity: 200)
            await #expect(throws: OrderLimitError(message: OrderLimits.totalMessage)) {
                try await shop.order(userId: user, [(first.id, 99), (second.id, 2)])
            }
            await #expect(throws: PersistenceError.invalidQuantity(100)) { try await shop.order(userId: user, [(third.id, 100)]) }
            await #expect(throws: OrderLimitError(message: "\(OrderLimits.quantityMessage): 셋째")) {
                try await shop.order(userId: user, [(third.id, 60), (third.id, 60)])
            }
            try await shop.setPriceFromBeforeBounds(third.id, 100_000_000_000_000_000)
            await #expect(throws: OrderLimitError(message: "\(OrderLimits.unitPriceMessage): 셋째")) {
                try await shop.order(userId: user, [(third.id, 93)])
            }
            for product in [first, second, third] { #expect(try await shop.stock(product.id) == 200) }
            #expect(try await shop.count("web_payment") == 0)
        }
    }

    @Test("an order that cannot be fully reserved leaves no order and no reservation", arguments: TestDatabases.engines)
    func insufficientStock(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let plenty = try await shop.product("넉넉", quantity: 10)
            let scarce = try await shop.product("부족", quantity: 1)
            await #expect(throws: PersistenceError.insufficientStock(productId: scarce.id, name: "부족", requested: 2, available: 1)) {
                try await shop.order(userId: user, [(plenty.id, 3), (scarce.id, 2)])
            }
            #expect(try await shop.stock(plenty.id) == 10)
            #expect(try await shop.count("web_payment") == 0)
            #expect(try await shop.count("web_payment_item") == 0)
        }
    }

    @Test("an order without lines or for an unknown product is refused", arguments: TestDatabases.engines)
    func refusedRequests(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            await #expect(throws: PersistenceError.emptyOrder) { try await shop.order(userId: user, []) }
            await #expect(throws: PersistenceError.productNotFound(77)) { try await shop.order(userId: user, [(77, 1)]) }
        }
    }

    @Test("a write transaction that throws after creating an order leaves nothing", arguments: TestDatabases.engines)
    func throwingTransactionLeavesNothing(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 4)
            let request = NewOrder(userId: user, signupId: "shopper", customerName: "구매자", customerPhone: "01055556666",
                                   lines: [NewOrder.Line(productId: product.id, quantity: 4)])
            await #expect(throws: Boom.self) {
                try await shop.database.write { [orders = shop.orders] db in
                    _ = try orders.create(db, request)
                    throw Boom()
                }
            }
            #expect(try await shop.stock(product.id) == 4)
            #expect(try await shop.count("web_payment") == 0)
            #expect(try await shop.count("outbox") == 0)
        }
    }

    @Test("50 shoppers racing for the last 10 units get exactly 10 orders and stock ends at 0", arguments: TestDatabases.engines)
    func reservationRace(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 10)
            let outcomes = try await concurrently(50) { _ in
                do {
                    _ = try await shop.order(userId: user, [(product.id, 1)])
                    return true
                } catch PersistenceError.insufficientStock {
                    return false
                }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            #expect(try await shop.stock(product.id) == 0)
            let reserved = try await shop.database.read { db in
                try db.queryOne("SELECT sum(quantity) FROM web_payment_item WHERE product_id = ?", [product.id]) { row throws(DatabaseError) in try row.int(0) }
            }
            #expect(reserved == 10)
        }
    }

    @Test("a transition applies once; a replay changes nothing", arguments: TestDatabases.engines)
    func compareAndSet(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let order = try await shop.order(userId: user, [(try await shop.product().id, 1)])
            let first = try await shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.pending], to: .confirming) }
            let replay = try await shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.pending], to: .confirming) }
            guard case .applied(let confirmed) = first else { Issue.record("expected applied, got \(first)"); return }
            #expect(confirmed.status == .confirming)
            #expect(replay == .unchanged(confirmed))
        }
    }

    @Test("two transitions of one order from the same state at once: exactly one applies", arguments: TestDatabases.engines)
    func concurrentTransitionsApplyOnce(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 30)
            for _ in 0..<10 {
                let order = try await shop.order(userId: user, [(product.id, 1)])
                let outcomes = try await concurrently(2) { _ in
                    try await shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.pending], to: .failed) }
                }
                #expect(outcomes.filter { if case .applied = $0 { true } else { false } }.count == 1)
            }
            #expect(try await shop.stock(product.id) == 30)
        }
    }

    @Test("a transition that waited on another one decides on the status that one left", arguments: TestDatabases.engines)
    func waitingTransitionSeesTheLatestStatus(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 30)
            for _ in 0..<10 {
                let order = try await shop.order(userId: user, [(product.id, 1)])
                // One confirms while the other fails the order from either status.
                let moves: [(from: Set<OrderStatus>, to: OrderStatus)] = [([.pending], .confirming), ([.pending, .confirming], .failed)]
                _ = try await concurrently(2) { index in
                    try await shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: moves[index].from, to: moves[index].to) }
                }
                // Each event's `from` is the previous event's `to`: no transition acted on a status already replaced.
                let changes = try await shop.read { db in
                    try db.query("SELECT payload FROM outbox WHERE aggregate_id = ? AND topic <> 'stock.changed' ORDER BY outbox_id",
                                 [order.orderId]) { row throws(DatabaseError) in try row.string("payload") }
                }.compactMap { try? JSONDecoder().decode(OrderStatusChanged.self, from: Data($0.utf8)) }
                #expect(zip(["PENDING"] + changes.map(\.to), changes.map(\.from)).allSatisfy { $0 == $1 })
                #expect(changes.last?.to == "FAILED")
            }
            #expect(try await shop.stock(product.id) == 30)
        }
    }

    @Test("a transition writes its outbox event in the same transaction", arguments: TestDatabases.engines)
    func transitionWritesOutbox(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let order = try await shop.order(userId: user, [(try await shop.product().id, 1)])
            _ = try await shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.pending], to: .confirming) }
            _ = try await shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.confirming], to: .paid) }
            let events = try await shop.read { db in try OutboxRepository().unsent(db) }
            #expect(events.map(\.topic) == ["stock.changed", "order.confirming", "order.paid"])
            #expect(events.allSatisfy { $0.aggregateId == order.orderId })
            #expect(events.last?.payload.contains("\"to\":\"PAID\"") == true)
        }
    }

    @Test("failing, expiring or canceling an order returns its stock exactly once",
          arguments: [([OrderStatus.pending], OrderStatus.failed), ([.pending, .confirming, .paid], .canceled),
                      ([.pending], .expired)])
    func releaseStock(path: [OrderStatus], final: OrderStatus) async throws {
        try await withShop { shop async throws in
            let user = try await shop.user()
            let product = try await shop.product(quantity: 5)
            let order = try await shop.order(userId: user, [(product.id, 3)])
            var status = OrderStatus.pending
            for next in path.dropFirst() + [final] {
                _ = try await shop.write { [status] db in try OrderRepository().transition(db, orderId: order.orderId, from: [status], to: next) }
                status = next
            }
            #expect(try await shop.stock(product.id) == 5)
            let again = try await shop.write { [status] db in try OrderRepository().transition(db, orderId: order.orderId, from: [status], to: final) }
            #expect(again.order.status == final)
            #expect(try await shop.stock(product.id) == 5)
        }
    }

    @Test("transitioning an unknown order says so", arguments: TestDatabases.engines)
    func unknownOrder(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            await #expect(throws: PersistenceError.orderNotFound("ord_missing")) {
                try await shop.write { db in try OrderRepository().transition(db, orderId: "ord_missing", from: [.pending], to: .failed) }
            }
        }
    }

    @Test("a shopper's orders list newest first, and stale orders list by status", arguments: TestDatabases.engines)
    func listing(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let other = try await shop.user("other")
            let product = try await shop.product(quantity: 10)
            let first = try await shop.order(userId: user, [(product.id, 1)])
            let second = try await shop.order(userId: user, [(product.id, 1)])
            _ = try await shop.order(userId: other, [(product.id, 1)])
            let all = try await shop.read { db in try OrderRepository().list(db, userId: user) }
            let older = try await shop.read { db in try OrderRepository().list(db, userId: user, before: second.id) }
            #expect(all.map(\.orderId) == [second.orderId, first.orderId])
            #expect(older.map(\.orderId) == [first.orderId])
            let stale = try await shop.read { db in
                try OrderRepository().list(db, status: .pending, updatedBefore: .distantFuture, limit: 100)
            }
            #expect(stale.count == 3)
        }
    }

    @Test("the payment method is recorded only while the order is pending", arguments: TestDatabases.engines)
    func paymentMethod(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let user = try await shop.user()
            let order = try await shop.order(userId: user, [(try await shop.product().id, 1)])
            let setPending = try await shop.database.write { [orders = shop.orders] db in try orders.setPaymentMethod(db, orderId: order.orderId, method: "toss.card") }
            #expect(setPending)
            #expect(try await shop.read { db in try OrderRepository().find(db, orderId: order.orderId) }?.paymentMethod == "toss.card")
            _ = try await shop.write { db in try OrderRepository().transition(db, orderId: order.orderId, from: [.pending], to: .failed) }
            let setFailed = try await shop.database.write { [orders = shop.orders] db in try orders.setPaymentMethod(db, orderId: order.orderId, method: "toss.transfer") }
            #expect(!setFailed)
        }
    }

    @Test("generated order ids satisfy Toss's format", arguments: 0..<5)
    func generatedIds(_: Int) {
        #expect(OrderIdentifier.isValid(OrderIdentifier.generate()))
    }

    @Test("order id validation follows Toss's rule",
          arguments: [("abc-_9", true), ("short", false), ("has space1", false), (String(repeating: "a", count: 65), false)])
    func idValidation(text: String, valid: Bool) {
        #expect(OrderIdentifier.isValid(text) == valid)
    }
}
