import Logging
import PluginKit

/// The default notifier (`notifier.plugin: "log"`): one structured line per notice through the shop's `Logger`,
/// for a shop that sends nothing yet or reads its notices from the log.
///
/// Guarantees: never fails, so every notice counts as delivered once logged; the line carries the notice's id,
/// kind, order, amount and tracking, never the shopper's name or phone (the log is not a place for them).
public struct LogNotifier: Notifier {
    let logger: Logger

    /// Takes no options: any key in `notifier.options` is refused, naming it.
    public init(options: PluginOptions, logger: Logger) throws(PluginError) {
        try options.only([])
        self.logger = logger
    }

    public func send(_ notice: Notice) async throws(NotifierError) {
        var metadata: Logger.Metadata = [
            "notice_id": .string(notice.id), "kind": .string(notice.kind.rawValue), "order_id": .string(notice.orderId),
            "user_id": .int(notice.userId),
        ]
        if let amount = notice.amount { metadata["amount"] = .int(amount) }
        if let carrier = notice.carrier { metadata["carrier"] = .string(carrier) }
        if let number = notice.trackingNumber { metadata["tracking_number"] = .string(number) }
        logger.info("notice", metadata)
    }

    public func shutdown() async {}
}
