import Database
import Foundation
import Logging
import PluginKit

/// The storefront's reactions to its own events, each a consumer group on the queue. Every handler
/// records the event id in the same transaction as its effect, so a redelivered message changes nothing.
///
/// Stock is not released here for order.failed / order.canceled / order.expired: `OrderRepository.transition`
/// already returns it in the very transaction that changes the status, which is what keeps stock exact
/// even when the queue is down. Those events feed `stock.changed`, which is consumed below. Likewise the
/// bought lines leave the cart inside the transition to PAID / WAITING_FOR_DEPOSIT, so the receipt page
/// already shows the cart without them.
public struct EventConsumers: Sendable {
    let database: any DatabaseWriter
    let cache: (any Cache)?
    /// Tells shoppers about their orders (`NoticeConsumer`); nil sends no notices.
    let notifier: (any Notifier)?
    let logger: Logger
    let processed = ProcessedEventRepository()
    let catalog = CatalogRepository()
    let orders = OrderRepository()

    public init(database: any DatabaseWriter, cache: (any Cache)?, notifier: (any Notifier)? = nil, logger: Logger) {
        self.database = database
        self.cache = cache
        self.notifier = notifier
        self.logger = logger
    }

    /// Subscribes every consumer group.
    public func subscribe(to queue: any MessageQueue) async throws(QueueError) {
        try await queue.subscribe(group: "popularity", topics: ["order.paid"]) { message in await bumpPopularity(message) }
        try await queue.subscribe(group: "receipts", topics: ["order.paid"]) { message in await receipt(message) }
        try await queue.subscribe(group: "cache-invalidation", topics: ["stock.changed", ProductAdminService.changedTopic]) { message in await invalidate(message) }
        try await queue.subscribe(group: "deposit-notices", topics: ["deposit.waiting"]) { message in await depositWaiting(message) }
        if let notifier {
            try await NoticeConsumer(database: database, notifier: notifier, logger: logger).subscribe(to: queue)
        }
    }

    struct OrderEvent: Decodable {
        let orderId: String
        let userId: Int
        let totalPrice: Int
    }

    /// What `stock.changed` and `product.changed` carry that cache invalidation reads (the first also names its order).
    struct StockEvent: Decodable {
        let productIds: [Int]
    }

    /// order.paid: each bought product's popularity grows by the units sold, once per order.
    func bumpPopularity(_ message: QueueMessage) async -> QueueAck {
        guard let event = try? JSONDecoder().decode(OrderEvent.self, from: Data(message.body)) else { return unreadable(message) }
        do {
            try await database.write { [processed, catalog, orders] db in
                // Keyed by the order, not the event: an order whose deposit Toss took back and that was paid again
                // has two order.paid events but sold its units once.
                guard try processed.recordOnce(db, consumer: "popularity", eventId: "order:" + event.orderId) else { return }
                for line in try orders.find(db, orderId: event.orderId)?.lines ?? [] {
                    try catalog.addPopularity(db, productId: line.productId, units: line.quantity)
                }
            }
            return .ack
        } catch {
            return .retry
        }
    }

    /// order.paid: one receipt line per paid order, once.
    func receipt(_ message: QueueMessage) async -> QueueAck {
        guard let event = try? JSONDecoder().decode(OrderEvent.self, from: Data(message.body)) else { return unreadable(message) }
        do {
            let first = try await database.write { [processed] db in try processed.recordOnce(db, consumer: "receipts", eventId: message.id) }
            if first { logger.info("receipt", ["order_id": .string(event.orderId), "user_id": .int(event.userId), "total": .int(event.totalPrice)]) }
            return .ack
        } catch {
            return .retry
        }
    }

    /// stock.changed, product.changed (a back-office edit): the catalog pages and the products' entries are stale on
    /// every instance.
    func invalidate(_ message: QueueMessage) async -> QueueAck {
        guard let cache else { return .ack }
        guard let event = try? JSONDecoder().decode(StockEvent.self, from: Data(message.body)) else { return unreadable(message) }
        do {
            try await cache.deletePrefix(CacheKeys.catalogPrefix)
            for id in event.productIds { try await cache.delete(CacheKeys.product(id)) }
            return .ack
        } catch {
            // A cache that is down holds nothing we could serve stale; entries also expire by TTL.
            return .ack
        }
    }

    /// deposit.waiting: a virtual account was issued; noted once for the operator.
    func depositWaiting(_ message: QueueMessage) async -> QueueAck {
        guard let event = try? JSONDecoder().decode(OrderEvent.self, from: Data(message.body)) else { return unreadable(message) }
        let first = (try? await database.write { [processed] db in
            try processed.recordOnce(db, consumer: "deposit-notices", eventId: message.id)
        }) ?? false
        if first { logger.info("deposit_waiting", ["order_id": .string(event.orderId), "total": .int(event.totalPrice)]) }
        return .ack
    }

    /// A body no consumer can read will never become readable: log it and drop it.
    func unreadable(_ message: QueueMessage) -> QueueAck {
        logger.error("event_unreadable", ["topic": .string(message.topic), "event_id": .string(message.id)])
        return .ack
    }
}

/// The cache's key layout, in one place so writers and invalidators agree.
public enum CacheKeys {
    public static let catalogPrefix = "catalog:"
    public static func product(_ id: Int) -> String { "product:\(id)" }
}
