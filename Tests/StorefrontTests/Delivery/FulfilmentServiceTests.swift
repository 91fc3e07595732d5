import Database
import Foundation
import PluginKit
import Testing
@testable import Storefront

/// The life of a paid order: ship, deliver, confirm (by the shopper or after N days), the shopper's cancel before
/// shipping, with each move's outbox event and the fee in what the provider charged.
@Suite("Fulfilment")
struct FulfilmentServiceTests {
    @Test("checkout copies the address and the 배송비 onto the order, and the provider is asked for goods + fee")
    func feeAndSnapshot() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            #expect(order.shippingFee == 3_000 && order.totalPrice == 15_900 && order.goodsPrice == 12_900)
            #expect(try await s.orderStatus(order.orderId) == .paid)
            let delivery = try #require(try await s.delivery(order.orderId))
            #expect(delivery.address.postalCode == "06236" && delivery.address.phone == "01012345678")
            #expect(delivery.status == .preparing && delivery.preparedAt != nil)
        }
    }

    @Test("a success callback carrying the goods' amount without the fee is a mismatch and charges nothing")
    func goodsOnlyAmountRefused() async throws {
        try await withDeliveryShop { s in
            let order = try await s.placeOrder()
            let outcome = await s.flow.confirm(userId: s.userId, orderId: order.orderId, paymentKey: "pk_x", amount: "12900")
            guard case .failed(_, let code, _) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
            #expect(code == PaymentFailureMessage.amountMismatchCode)
            #expect(s.method.confirmCalls.isEmpty)
            #expect(try await s.status(order.orderId) == .canceled)
        }
    }

    @Test("제주 and 도서산간 orders pay their surcharge; 50,000원 of goods ship free")
    func surcharges() async throws {
        try await withDeliveryShop(price: 25_000) { s in
            var jeju = DeliveryForm.seoul
            jeju.postalCode = "63100"
            let toJeju = try await s.placeOrder(quantity: 1, delivery: jeju)
            #expect(toJeju.shippingFee == 6_000)
            var island = DeliveryForm.seoul
            island.postalCode = "40200"
            let toIsland = try await s.placeOrder(quantity: 2, delivery: island)
            #expect(toIsland.shippingFee == 5_000)
            let free = try await s.placeOrder(quantity: 2)
            #expect(free.shippingFee == 0)
        }
    }

    @Test("editing the address book later never changes an order's address")
    func snapshot() async throws {
        try await withDeliveryShop { s in
            var form = DeliveryForm.seoul
            form.saveToAddressBook = true
            let order = try await s.placeOrder(delivery: form)
            let book = AddressBookService(database: s.shop.database)
            let entry = try #require(try await book.list(userId: s.userId).first)
            var moved = DeliveryForm.seoul
            moved.line1 = "부산 해운대구 센텀중앙로 79"
            moved.postalCode = "48058"
            try await book.update(userId: s.userId, id: String(entry.id), form: moved, makeDefault: true)
            #expect(try await s.delivery(order.orderId)?.address.line1 == "서울 강남구 테헤란로 152")
        }
    }

    @Test("ship, deliver and confirm each move once with their events, and the tracking link is the carrier's")
    func happyPath() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            let shipped = try await s.fulfilment.ship(orderId: order.orderId, carrier: "우체국택배", trackingNumber: "6012-3456-78901")
            #expect(shipped.status == .shipped && shipped.trackingNumber == "6012345678901")
            #expect(shipped.trackingURL == "https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1=6012345678901")
            try await s.fulfilment.markDelivered(orderId: order.orderId)
            try await s.fulfilment.confirm(userId: s.userId, orderId: order.orderId)
            #expect(try await s.status(order.orderId) == .confirmed)
            let topics = try await s.topics(order.orderId)
            #expect(topics.filter { ["order.shipped", "order.delivered", "order.confirmed"].contains($0) }
                    == ["order.shipped", "order.delivered", "order.confirmed"])
        }
    }

    @Test("shipping needs a known carrier and a 9–15 digit number, and refuses an unpaid order")
    func shipRefusals() async throws {
        try await withDeliveryShop { s in
            let pending = try await s.placeOrder()
            await #expect(throws: ShopError.validation([FulfilmentService.carrierField: FulfilmentService.carrierMessage])) {
                try await s.fulfilment.ship(orderId: pending.orderId, carrier: "드론택배", trackingNumber: "123456789012")
            }
            await #expect(throws: ShopError.validation([FulfilmentService.trackingField: TrackingNumber.message])) {
                try await s.fulfilment.ship(orderId: pending.orderId, carrier: "cj", trackingNumber: "12ab")
            }
            await #expect(throws: ShopError.conflict("결제가 완료되지 않은 주문은 발송할 수 없습니다.")) {
                try await s.fulfilment.ship(orderId: pending.orderId, carrier: "cj", trackingNumber: "123456789012")
            }
            #expect(try await s.status(pending.orderId) == .awaitingPayment)
        }
    }

    @Test("the shopper cancels a preparing order: refunded in full (fee included), stock back, delivery canceled")
    func cancelBeforeShipping() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder(quantity: 2)
            let canceled = try await s.fulfilment.cancel(userId: s.userId, orderId: order.orderId)
            #expect(canceled.status == .canceled)
            #expect(try await s.status(order.orderId) == .canceled)
            #expect(try await s.shop.stock(s.product.id) == 10)
            let payment = try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }
            #expect(payment?.balanceAmount == 0 && payment?.refundedAmount == 28_800)
        }
    }

    @Test("after shipping the shopper cannot cancel, and nothing is refunded")
    func noCancelAfterShipping() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            try await s.advance(order.orderId, to: .shipped)
            await #expect(throws: ShopError.self) { try await s.fulfilment.cancel(userId: s.userId, orderId: order.orderId) }
            #expect(s.method.cancelCallCount == 0)
            #expect(try await s.orderStatus(order.orderId) == .paid)
        }
    }

    @Test("a refund the provider refuses hands the order back to preparing, so it can still ship")
    func refusedRefundReleases() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            s.method.state.withLock { $0.cancelFailure = PaymentError(.rejected, code: "FORBIDDEN_REQUEST", message: "no") }
            await #expect(throws: ShopError.self) { try await s.fulfilment.cancel(userId: s.userId, orderId: order.orderId) }
            #expect(try await s.status(order.orderId) == .preparing)
            try await s.fulfilment.ship(orderId: order.orderId, carrier: "cj", trackingNumber: "123456789012")
        }
    }

    @Test("the shopper's cancel racing the operator's ship: exactly one wins, on every engine", arguments: TestDatabases.engines)
    func cancelRacesShip(engine: DatabaseEngine) async throws {
        for _ in 0..<5 {
            try await withDeliveryShop(on: engine) { s in
                let order = try await s.paidOrder()
                let results = try await concurrently(2) { index -> Bool in
                    do {
                        if index == 0 { _ = try await s.fulfilment.cancel(userId: s.userId, orderId: order.orderId) }
                        else { try await s.fulfilment.ship(orderId: order.orderId, carrier: "cj", trackingNumber: "123456789012") }
                        return true
                    } catch {
                        return false
                    }
                }
                #expect(results.filter { $0 }.count == 1)
                let status = try #require(try await s.status(order.orderId))
                let paid = try await s.orderStatus(order.orderId)
                #expect((status == .shipped && paid == .paid && s.method.cancelCallCount == 0)
                        || (status == .canceled && paid == .canceled))
            }
        }
    }

    @Test("구매 확정 only after delivery, never twice, and never while a return is open")
    func confirmRules() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            await #expect(throws: ShopError.self) { try await s.fulfilment.confirm(userId: s.userId, orderId: order.orderId) }
            try await s.advance(order.orderId, to: .delivered)
            try await s.returns.request(userId: s.userId, orderId: order.orderId, quantities: [String(s.product.id): "1"],
                                        reason: ReturnReason.damaged.rawValue, text: "")
            await #expect(throws: ShopError.conflict(FulfilmentService.returnOpenMessage)) {
                try await s.fulfilment.confirm(userId: s.userId, orderId: order.orderId)
            }
        }
    }

    @Test("Housekeeping confirms orders delivered N days ago, not younger ones nor those with an open return")
    func autoConfirm() async throws {
        try await withDeliveryShop { s in
            let now = Date()
            let old = try await s.paidOrder(), young = try await s.paidOrder(), disputed = try await s.paidOrder()
            for order in [old, young, disputed] { try await s.advance(order.orderId, to: .delivered) }
            try await s.returns.request(userId: s.userId, orderId: disputed.orderId, quantities: [String(s.product.id): "1"],
                                        reason: ReturnReason.changedMind.rawValue, text: "")
            let eightDaysAgo = now.addingTimeInterval(-8 * 86_400).unixSeconds
            try await s.shop.write { db in
                try db.execute("UPDATE order_delivery SET delivered_at = ? WHERE order_id IN (?, ?)", [eightDaysAgo, old.orderId, disputed.orderId])
            }
            let pass = await Housekeeping(database: s.shop.database, logger: .discarding, autoConfirm: (s.fulfilment, days: 7)).runOnce(now: now)
            #expect(pass.confirmedOrders == 1)
            #expect(try await s.status(old.orderId) == .confirmed)
            #expect(try await s.status(young.orderId) == .delivered)
            #expect(try await s.status(disputed.orderId) == .delivered)
        }
    }

    @Test("another shopper's order is not found for confirm, cancel or a return")
    func othersOrders() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            let stranger = try await s.shop.user("stranger")
            await #expect(throws: ShopError.notFound(.order)) { try await s.fulfilment.cancel(userId: stranger, orderId: order.orderId) }
            await #expect(throws: ShopError.notFound(.order)) { try await s.fulfilment.confirm(userId: stranger, orderId: order.orderId) }
            await #expect(throws: ShopError.notFound(.order)) {
                try await s.returns.request(userId: stranger, orderId: order.orderId, quantities: [:], reason: "DAMAGED", text: "")
            }
        }
    }
}
