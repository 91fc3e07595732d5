import CRabbitMQ
import Foundation
import Logging
import PluginKit
import Synchronization

/// The `rabbitmq` queue over rabbitmq-c: a durable topic exchange, one durable queue per consumer group,
/// persistent messages, publisher confirms, manual acks with a prefetch, and reconnects with backoff.
/// `publish` returns only after the broker confirmed; while the broker is down it throws `.unavailable`
/// and the outbox keeps the events. Consumers reconnect by themselves, logging `queue_consumer_lost` (warning)
/// when a consumer loses the broker and `queue_consumer_back` (notice) once it consumes again.
public final class RabbitMQQueue: MessageQueue {
    let endpoint: RabbitMQEndpoint
    let exchange: String
    let prefetch: Int
    let timeoutMilliseconds: Int
    private let publisher: RabbitMQPublisher
    private let consumers = Mutex<[RabbitMQConsumer]>([])
    let logger: Logger

    init(endpoint: RabbitMQEndpoint, exchange: String, prefetch: Int, timeoutMilliseconds: Int, logger: Logger) {
        self.logger = logger
        self.endpoint = endpoint
        self.exchange = exchange
        self.prefetch = prefetch
        self.timeoutMilliseconds = timeoutMilliseconds
        publisher = RabbitMQPublisher(endpoint: endpoint, exchange: exchange, timeoutMilliseconds: timeoutMilliseconds)
    }

    public static let optionNames = ["url", "exchange", "prefetch", "timeoutMilliseconds", "startDegraded"]

    /// Builds it from `queue.options` (`url` amqp://user:password@host:port/vhost, `exchange`, `prefetch`,
    /// `timeoutMilliseconds`, `startDegraded`) and checks the broker answers unless `startDegraded` is set.
    public static func make(options: PluginOptions, logger: Logger) async throws(PluginError) -> RabbitMQQueue {
        try options.only(optionNames)
        let endpoint = try RabbitMQEndpoint(url: options.string("url", default: "amqp://guest:guest@127.0.0.1:5672/"),
                                            keyPath: "\(options.keyPath).url")
        let queue = RabbitMQQueue(endpoint: endpoint, exchange: options.string("exchange", default: "storefront.events"),
                                  prefetch: try options.int("prefetch", default: 32, range: 1...65_535),
                                  timeoutMilliseconds: try options.int("timeoutMilliseconds", default: 2_000, range: 50...60_000),
                                  logger: logger)
        if try !options.bool("startDegraded", default: false) {
            do {
                try await queue.publisher.connect()
            } catch {
                throw PluginError(keyPath: "\(options.keyPath).url", "RabbitMQ at \(endpoint.description) does not answer (\(error.message)); "
                                  + "set queue.options.startDegraded to true to start without it")
            }
        }
        return queue
    }

    public func publish(_ message: QueueMessage) async throws(QueueError) {
        try await publisher.publish(message)
    }

    public func subscribe(group: String, topics: [String],
                          handler: @escaping @Sendable (QueueMessage) async -> QueueAck) async throws(QueueError) {
        let patterns = topics.map { $0.hasSuffix("*") ? String($0.dropLast()) + "#" : $0 }
        // The queue and its bindings exist before this returns (and again after every publisher reconnect),
        // so nothing published from now on can reach an exchange with no queue and be dropped.
        await publisher.declare(queue: "storefront.\(group)", patterns: patterns)
        let consumer = RabbitMQConsumer(endpoint: endpoint, exchange: exchange, queue: "storefront.\(group)", patterns: patterns,
                                        prefetch: prefetch, timeoutMilliseconds: timeoutMilliseconds, logger: logger, handler: handler)
        consumers.withLock { $0.append(consumer) }
        consumer.start()
    }

    public func shutdown() async {
        let all = consumers.withLock { $0 }
        for consumer in all { consumer.stop() }
        for consumer in all { await consumer.waitUntilStopped() }
        await publisher.close()
    }
}

/// The publishing side: one connection with confirms, used from one serial queue.
final class RabbitMQPublisher: @unchecked Sendable {
    // @unchecked: `connection` is only touched on `queue`.
    private let queue = DispatchQueue(label: "rabbitmq-publisher")
    private var connection: RabbitMQConnection?
    private var bindings: [(queue: String, patterns: [String])] = []
    let endpoint: RabbitMQEndpoint
    let exchange: String
    let timeoutMilliseconds: Int

    init(endpoint: RabbitMQEndpoint, exchange: String, timeoutMilliseconds: Int) {
        self.endpoint = endpoint
        self.exchange = exchange
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    func connect() async throws(QueueError) {
        try await onQueue { () -> Result<Void, QueueError> in self.ensureConnection().map { _ in () } }.get()
    }

    func publish(_ message: QueueMessage) async throws(QueueError) {
        try await onQueue { () -> Result<Void, QueueError> in
            let connection: RabbitMQConnection
            switch self.ensureConnection() {
            case .success(let open): connection = open
            case .failure(let error): return .failure(error)
            }
            let outcome = message.body.withUnsafeBytes { body in
                sf_amqp_publish(connection.state, self.exchange, message.topic, message.id, body.baseAddress, body.count,
                                Int32(self.timeoutMilliseconds))
            }
            switch outcome {
            case 1: return .success(())
            case 0: return .failure(QueueError(.unavailable, "RabbitMQ refused (nack) message \(message.id)"))
            default:
                connection.close()
                self.connection = nil
                return .failure(QueueError(.unavailable, "RabbitMQ \(self.endpoint.description): no confirm for \(message.id)"))
            }
        }.get()
    }

    /// Remembers a consumer group's queue and declares it now if the broker answers.
    func declare(queue name: String, patterns: [String]) async {
        _ = await onQueue { () -> Result<Void, QueueError> in
            self.bindings.append((name, patterns))
            guard case .success(let connection) = self.ensureConnection() else { return .success(()) }
            if !self.bind(name, patterns, on: connection) {
                connection.close()
                self.connection = nil
            }
            return .success(())
        }
    }

    private func bind(_ queue: String, _ patterns: [String], on connection: RabbitMQConnection) -> Bool {
        sf_amqp_prepare_consumer(connection.state, exchange, queue, 1) == 1
            && patterns.allSatisfy { sf_amqp_bind(connection.state, exchange, queue, $0) == 1 }
    }

    func close() async {
        _ = await onQueue { () -> Result<Void, QueueError> in
            self.connection?.close()
            self.connection = nil
            return .success(())
        }
    }

    private func ensureConnection() -> Result<RabbitMQConnection, QueueError> {
        if let connection { return .success(connection) }
        switch RabbitMQConnection.open(endpoint, timeoutMilliseconds: timeoutMilliseconds) {
        case .success(let opened):
            guard sf_amqp_prepare_publisher(opened.state, exchange) == 1,
                  bindings.allSatisfy({ bind($0.queue, $0.patterns, on: opened) }) else {
                opened.close()
                return .failure(QueueError(.protocolError, "cannot declare exchange \(exchange) and its queues"))
            }
            connection = opened
            return .success(opened)
        case .failure(let error):
            return .failure(error)
        }
    }

    private func onQueue<T>(_ work: @escaping @Sendable () -> Result<T, QueueError>) async -> Result<T, QueueError> {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: work()) } }
    }
}
