import Database
import Foundation
import Logging
import PluginKit

/// Turns order events into shopper notices for the configured `Notifier` (the `notices` consumer group):
/// order.paid → 결제 완료, deposit.waiting → 입금 대기, order.shipped → 발송, order.delivered → 배송 완료, and a refund
/// (order.canceled of a paid order, order.refunded of a partial return) → 환불.
///
/// Guarantees:
/// - At least once, deduplicated by event id: a notice is sent only while `processed_event` has no row for
///   (`notices`, event id), and the row is written after the notifier returned. A redelivered event that was sent
///   is acknowledged without sending; one whose send failed is retried. Only a crash between the send and the
///   record can repeat a notice, and it carries the same `Notice.id`.
/// - It runs from the queue, after the order's transaction committed: a slow or broken notifier delays notices,
///   never an order.
public struct NoticeConsumer: Sendable {
    let database: any DatabaseWriter
    let notifier: any Notifier
    let logger: Logger
    let processed = ProcessedEventRepository()

    static let group = "notices"
    static let topics = ["order.paid", "deposit.waiting", "order.shipped", "order.delivered", "order.canceled", OrderRefunded.topic]

    public init(database: any DatabaseWriter, notifier: any Notifier, logger: Logger) {
        self.database = database
        self.notifier = notifier
        self.logger = logger
    }

    func subscribe(to queue: any MessageQueue) async throws(QueueError) {
        try await queue.subscribe(group: Self.group, topics: Self.topics) { message in await handle(message) }
    }

    /// What the notice-making events carry: every one names its order; the rest depends on the topic.
    struct Event: Decodable {
        let orderId: String
        let from: String?
        let to: String?
        let totalPrice: Int?
        let amount: Int?
        let carrier: String?
        let trackingNumber: String?
        let occurredAt: Int64?
    }

    func handle(_ message: QueueMessage) async -> QueueAck {
        guard let event = try? JSONDecoder().decode(Event.self, from: Data(message.body)) else {
            logger.error("event_unreadable", ["topic": .string(message.topic), "event_id": .string(message.id)])
            return .ack
        }
        let processed = self.processed
        do {
            let (seen, order, refunded, refundNoticed) = try await database.read { db in
                (try processed.hasRecorded(db, consumer: Self.group, eventId: message.id),
                 try OrderRepository().find(db, orderId: event.orderId),
                 try PaymentRepository().find(db, orderId: event.orderId)?.refundedAmount,
                 try message.topic == "order.canceled"
                     && OutboxRepository().hasEvent(db, topic: OrderRefunded.topic, aggregateId: event.orderId))
            }
            guard !seen else { return .ack }
            guard let order else {
                logger.warning("notice_order_missing", ["event_id": .string(message.id), "order_id": .string(event.orderId)])
                return .ack
            }
            guard let notice = Self.notice(message, event, order: order, refunded: refunded, refundNoticed: refundNoticed) else { return .ack }
            do {
                try await notifier.send(notice)
            } catch {
                logger.warning("notice_not_sent", ["event_id": .string(message.id), "kind": .string(notice.kind.rawValue),
                                                   "error": .string(error.message)])
                return .retry
            }
            _ = try await database.write { db in try processed.recordOnce(db, consumer: Self.group, eventId: message.id) }
            return .ack
        } catch {
            return .retry
        }
    }

    /// The notice `message` makes, or nil for an event no shopper hears about (a never-paid order's cancel, or a
    /// cancel whose refund has its own `order.refunded`: one 환불 notice per refund, not two).
    static func notice(_ message: QueueMessage, _ event: Event, order: Order, refunded: Int?, refundNoticed: Bool = false) -> Notice? {
        let kind: Notice.Kind
        var amount: Int?
        var carrier: Carrier?
        switch message.topic {
        case "order.paid": (kind, amount) = (.orderPaid, event.totalPrice ?? order.totalPrice)
        case "deposit.waiting": (kind, amount) = (.depositWaiting, event.totalPrice ?? order.totalPrice)
        case "order.shipped": (kind, carrier) = (.shipped, event.carrier.flatMap(Carrier.named))
        case "order.delivered": kind = .delivered
        case "order.canceled":
            // A canceled virtual account that was never paid refunded nothing.
            guard event.from == OrderStatus.paid.rawValue, !refundNoticed else { return nil }
            (kind, amount) = (.refunded, refunded.flatMap { $0 > 0 ? $0 : nil } ?? event.totalPrice)
        case OrderRefunded.topic: (kind, amount) = (.refunded, event.amount)
        default: return nil
        }
        let number = kind == .shipped ? event.trackingNumber : nil
        return Notice(id: message.id, kind: kind, orderId: order.orderId, userId: order.userId, customerName: order.customerName,
                      customerPhone: order.customerPhone, amount: amount, carrier: carrier?.name, trackingNumber: number,
                      trackingURL: number.flatMap { carrier?.trackingURL(for: $0) },
                      occurredAt: event.occurredAt.map(Date.init(unixSeconds:)) ?? Date())
    }
}
