import Database
import Foundation
import PluginKit
import Synchronization
import Testing
@testable import Storefront

/// A notifier that keeps what it was sent, failing the first `failures` sends.
final class RecordingNotifier: Notifier {
    private let state: Mutex<(sent: [Notice], failures: Int)>

    init(failures: Int = 0) { state = Mutex(([], failures)) }

    var sent: [Notice] { state.withLock { $0.sent } }

    func send(_ notice: Notice) async throws(NotifierError) {
        let failed = state.withLock { state -> Bool in
            if state.failures > 0 {
                state.failures -= 1
                return true
            }
            state.sent.append(notice)
            return false
        }
        if failed { throw NotifierError("provider down") }
    }

    func shutdown() async {}
}

/// Notices come from the outbox's events: one per event however often the queue delivers it, retried while the
/// notifier fails, on every engine.
@Suite("Shopper notices")
struct NoticeConsumerTests {
    /// The order's outbox events of `topic` as the queue would deliver them.
    func messages(_ s: DeliveryShop, _ orderId: String, topic: String) async throws -> [QueueMessage] {
        try await s.shop.read { db in try OutboxRepository().unsent(db, limit: 500) }
            .filter { $0.aggregateId == orderId && $0.topic == topic }
            .map { QueueMessage(id: $0.eventId, topic: $0.topic, body: Array($0.payload.utf8)) }
    }

    @Test("a shipped order's event, delivered twice, sends one 발송 notice with the carrier and tracking link", arguments: TestDatabases.engines)
    func redeliveredOnce(engine: DatabaseEngine) async throws {
        try await withDeliveryShop(on: engine) { s in
            let order = try await s.paidOrder()
            try await s.advance(order.orderId, to: .shipped)
            let notifier = RecordingNotifier()
            let consumer = NoticeConsumer(database: s.shop.database, notifier: notifier, logger: .discarding)
            let shipped = try #require(try await messages(s, order.orderId, topic: "order.shipped").first)
            #expect(await consumer.handle(shipped) == .ack)
            #expect(await consumer.handle(shipped) == .ack)
            #expect(notifier.sent.count == 1)
            let notice = try #require(notifier.sent.first)
            #expect(notice.id == shipped.id && notice.kind == .shipped && notice.orderId == order.orderId && notice.userId == s.userId)
            #expect(notice.carrier == "CJ대한통운" && notice.trackingNumber == "123456789012")
            #expect(notice.trackingURL == Carrier.named("cj")?.trackingURL(for: "123456789012"))
            #expect(notice.customerName == "홍길동")
        }
    }

    @Test("while the notifier fails the event is retried and nothing is recorded; once it works, one notice")
    func retriedUntilSent() async throws {
        try await withDeliveryShop { s in
            let order = try await s.paidOrder()
            let notifier = RecordingNotifier(failures: 2)
            let consumer = NoticeConsumer(database: s.shop.database, notifier: notifier, logger: .discarding)
            let paid = try #require(try await messages(s, order.orderId, topic: "order.paid").first)
            #expect(await consumer.handle(paid) == .retry)
            #expect(await consumer.handle(paid) == .retry)
            #expect(await consumer.handle(paid) == .ack)
            #expect(await consumer.handle(paid) == .ack)
            #expect(notifier.sent.map(\.kind) == [.orderPaid])
            #expect(notifier.sent.first?.amount == order.totalPrice)
        }
    }

    @Test("a partial return's refund and a full cancel each make one 환불 notice with the amount refunded, the cancel's from its refund event")
    func refunds() async throws {
        try await withDeliveryShop { s in
            let notifier = RecordingNotifier()
            let consumer = NoticeConsumer(database: s.shop.database, notifier: notifier, logger: .discarding)
            let partial = try await s.paidOrder(quantity: 3)
            try await s.advance(partial.orderId, to: .delivered)
            try await s.returns.request(userId: s.userId, orderId: partial.orderId, quantities: [String(s.product.id): "1"],
                                        reason: ReturnReason.changedMind.rawValue, text: "")
            try await s.returns.approve(orderId: partial.orderId)
            let canceled = try await s.paidOrder()
            _ = try await s.fulfilment.cancel(userId: s.userId, orderId: canceled.orderId)
            for message in try await messages(s, partial.orderId, topic: "order.refunded") + messages(s, canceled.orderId, topic: "order.canceled") {
                #expect(await consumer.handle(message) == .ack)
            }
            for message in try await messages(s, canceled.orderId, topic: "order.refunded") {
                #expect(await consumer.handle(message) == .ack)
            }
            #expect(notifier.sent.map(\.kind) == [.refunded, .refunded])
            #expect(notifier.sent.map(\.amount) == [12_900 - 3_000, canceled.totalPrice])
        }
    }

    @Test("an order that was never paid makes no notice when it is canceled")
    func unpaidCancelSilent() async throws {
        try await withDeliveryShop { s in
            let order = try await s.placeOrder()
            let notifier = RecordingNotifier()
            let consumer = NoticeConsumer(database: s.shop.database, notifier: notifier, logger: .discarding)
            let message = QueueMessage(id: "evt-1", topic: "order.canceled", body: Array("""
                {"orderId":"\(order.orderId)","userId":\(s.userId),"from":"WAITING_FOR_DEPOSIT","to":"CANCELED","totalPrice":\(order.totalPrice),"occurredAt":1}
                """.utf8))
            #expect(await consumer.handle(message) == .ack)
            #expect(notifier.sent.isEmpty)
        }
    }
}
