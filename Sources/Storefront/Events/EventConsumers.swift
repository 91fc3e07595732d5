import Database
import Foundation
import PluginKit

/// The storefront's reactions to its own events, each a consumer group on the queue. Every handler
/// records the event id in the same transaction as its effect, so a redelivered message changes nothing.
///
/// Stock is not released here for order.failed / order.canceled / order.expired: `OrderRepository.transition`
/// already returns it in the very transaction that changes the status, which is what keeps stock exact
/// even when the queue is down. Those events feed `stock.changed`, which is consumed below.
public struct EventConsumers: Sendable {
    let database: DatabasePool
    let cache: (any Cache)?
    let log: @Sendable (String) -> Void
    let processed: ProcessedEventRepository
    let carts: CartRepository

    public init(database: DatabasePool, cache: (any Cache)?, log: @escaping @Sendable (String) -> Void) {
        self.database = database
        processed = ProcessedEventRepository(database: database)
        carts = CartRepository(database: database)
        self.cache = cache
        self.log = log
    }

    /// Subscribes every consumer group.
    public func subscribe(to queue: any MessageQueue) async throws(QueueError) {
        try await queue.subscribe(group: "cart-cleanup", topics: ["order.paid"]) { message in await clearCart(message) }
        try await queue.subscribe(group: "receipts", topics: ["order.paid"]) { message in await receipt(message) }
        try await queue.subscribe(group: "cache-invalidation", topics: ["stock.changed"]) { message in await invalidate(message) }
        try await queue.subscribe(group: "deposit-notices", topics: ["deposit.waiting"]) { message in await depositWaiting(message) }
    }

    struct OrderEvent: Decodable {
        let orderId: String
        let userId: Int
        let totalPrice: Int
    }

    struct StockEvent: Decodable {
        let orderId: String
        let productIds: [Int]
    }

    /// order.paid: the bought products leave the shopper's cart (other lines stay).
    func clearCart(_ message: QueueMessage) async -> QueueAck {
        guard let event = try? JSONDecoder().decode(OrderEvent.self, from: Data(message.body)) else { return unreadable(message) }
        do {
            try await database.write { [processed, carts] db in
                guard try processed.recordOnce(db, consumer: "cart-cleanup", eventId: message.id) else { return }
                let productIds = try db.query("""
                    SELECT i.product_id FROM web_payment_item i JOIN web_payment p ON p.web_payment_id = i.web_payment_id
                    WHERE p.order_id = ?
                    """, [event.orderId]) { row throws(DatabaseError) in try row.int(0) }
                _ = try carts.clear(db, userId: event.userId, productIds: productIds)
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
            if first { log("event=receipt order_id=\(event.orderId) user_id=\(event.userId) total=\(event.totalPrice)") }
            return .ack
        } catch {
            return .retry
        }
    }

    /// stock.changed: the catalog pages and the products' entries are stale on every instance.
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
        if first { log("event=deposit_waiting order_id=\(event.orderId) total=\(event.totalPrice)") }
        return .ack
    }

    /// A body no consumer can read will never become readable: log it and drop it.
    func unreadable(_ message: QueueMessage) -> QueueAck {
        log("event=event_unreadable topic=\(message.topic) event_id=\(message.id)")
        return .ack
    }
}

/// The cache's key layout, in one place so writers and invalidators agree.
public enum CacheKeys {
    public static let catalogPrefix = "catalog:"
    public static func product(_ id: Int) -> String { "product:\(id)" }
}
