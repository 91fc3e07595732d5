import Database
import Foundation
import Logging

/// Keeps the tables that only ever grow in bounds: expired sessions, sent events, handled-event ids and
/// login-throttle rows that no longer count. Runs at startup and then every hour; every pass is safe to repeat.
///
/// What stays: sessions until they expire; sent outbox rows for `sentEventRetention` (a week, for looking
/// back); handled-event ids for `processedEventRetention` (two weeks, far past any broker redelivery);
/// throttle rows while their window runs or their lock holds. Each pass also confirms (구매 확정) the orders delivered
/// `shipping.autoConfirmDays` ago whose shopper has neither confirmed nor asked a return.
public struct Housekeeping: Sendable {
    let database: any DatabaseWriter
    let throttlePolicy: LoginThrottlePolicy
    let logger: Logger
    /// Confirms delivered orders after so many days; nil confirms nothing (tests of the purges).
    let autoConfirm: (service: FulfilmentService, days: Int)?
    public static let sentEventRetention: TimeInterval = 7 * 24 * 3600
    public static let processedEventRetention: TimeInterval = 14 * 24 * 3600

    public init(database: any DatabaseWriter, throttlePolicy: LoginThrottlePolicy = .init(), logger: Logger,
                autoConfirm: (service: FulfilmentService, days: Int)? = nil) {
        self.database = database
        self.autoConfirm = autoConfirm
        self.throttlePolicy = throttlePolicy
        self.logger = logger
    }

    /// Rows removed by one pass, per table.
    public struct Pass: Sendable, Equatable {
        public var sessions = 0
        public var sentEvents = 0
        public var processedEvents = 0
        public var throttleKeys = 0
        public var confirmedOrders = 0
    }

    public func runOnce(now: Date = Date()) async -> Pass {
        let sessions = SessionRepository(), outbox = OutboxRepository()
        let processed = ProcessedEventRepository()
        let throttle = LoginThrottleRepository(policy: throttlePolicy)
        // One short write per table, so a shopper's write never waits behind all of them.
        var pass = Pass()
        pass.sessions = (try? await database.write { db in try sessions.deleteExpired(db, now: now) }) ?? 0
        // Back-office sessions count with the shoppers': both are sessions that expired.
        pass.sessions += (try? await database.write { db in try StaffSessionRepository().deleteExpired(db, now: now) }) ?? 0
        pass.sentEvents = (try? await database.write { db in
            try outbox.purgeSent(db, before: now.addingTimeInterval(-Self.sentEventRetention))
        }) ?? 0
        pass.processedEvents = (try? await database.write { db in
            try processed.purge(db, before: now.addingTimeInterval(-Self.processedEventRetention))
        }) ?? 0
        pass.throttleKeys = (try? await database.write { db in try throttle.purgeStale(db, now: now) }) ?? 0
        if let autoConfirm { pass.confirmedOrders = await autoConfirm.service.confirmDelivered(olderThan: autoConfirm.days, now: now) }
        if pass != Pass() {
            logger.info("housekeeping", ["sessions": .int(pass.sessions), "sent_events": .int(pass.sentEvents),
                                         "processed_events": .int(pass.processedEvents), "throttle_keys": .int(pass.throttleKeys)])
        }
        return pass
    }

    /// Runs passes until the task is cancelled.
    public func run(every interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            _ = await runOnce()
            try? await Task.sleep(for: interval)
        }
    }
}
