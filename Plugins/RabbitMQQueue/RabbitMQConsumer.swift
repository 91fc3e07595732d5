import CRabbitMQ
import Foundation
import Logging
import PluginKit
import Synchronization

/// One consumer group: its own connection on its own thread, a durable queue bound to the group's topics,
/// manual acks. A handler's `.retry` requeues the message; a broken connection is reopened with backoff
/// (half a second, doubling to ten), and unacked messages come back from the broker by themselves.
final class RabbitMQConsumer: Sendable {
    let endpoint: RabbitMQEndpoint
    let exchange: String
    let queue: String
    let patterns: [String]
    let prefetch: Int
    let timeoutMilliseconds: Int
    let handler: @Sendable (QueueMessage) async -> QueueAck
    let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    init(endpoint: RabbitMQEndpoint, exchange: String, queue: String, patterns: [String], prefetch: Int,
         timeoutMilliseconds: Int, logger: Logger, handler: @escaping @Sendable (QueueMessage) async -> QueueAck) {
        self.logger = logger
        self.endpoint = endpoint
        self.exchange = exchange
        self.queue = queue
        self.patterns = patterns
        self.prefetch = prefetch
        self.timeoutMilliseconds = timeoutMilliseconds
        self.handler = handler
    }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.store(true, ordering: .relaxed)
        }
        thread.name = "rabbitmq-\(queue)"
        thread.start()
    }

    func stop() { stopping.store(true, ordering: .relaxed) }

    func waitUntilStopped() async {
        while !finished.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(20)) }
    }

    private func run() {
        var backoff = 0.5
        var lost = false
        while !stopping.load(ordering: .relaxed) {
            guard let connection = open() else {
                if !lost { logger.warning("queue_consumer_lost", ["queue": .string(queue), "broker": .string(endpoint.description)]) }
                lost = true
                pause(seconds: backoff)
                backoff = min(backoff * 2, 10)
                continue
            }
            if lost { logger.notice("queue_consumer_back", ["queue": .string(queue), "broker": .string(endpoint.description)]) }
            lost = false
            backoff = 0.5
            consume(on: connection)
            connection.close()
        }
    }

    private func open() -> RabbitMQConnection? {
        guard case .success(let connection) = RabbitMQConnection.open(endpoint, timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        let ready = sf_amqp_prepare_consumer(connection.state, exchange, queue, Int32(prefetch)) == 1
            && patterns.allSatisfy { sf_amqp_bind(connection.state, exchange, queue, $0) == 1 }
            && sf_amqp_consume(connection.state, queue) == 1
        if !ready { connection.close() }
        return ready ? connection : nil
    }

    /// Delivers until the connection breaks or the consumer stops.
    private func consume(on connection: RabbitMQConnection) {
        while !stopping.load(ordering: .relaxed) {
            var envelope = amqp_envelope_t()
            switch sf_amqp_next(connection.state, &envelope, 250) {
            case 1:
                let message = QueueMessage(id: envelope.message.properties.message_id.text, topic: envelope.routing_key.text,
                                           body: envelope.message.body.array)
                let tag = envelope.delivery_tag
                amqp_destroy_envelope(&envelope)
                let ack = deliver(message)
                let sent = ack == .ack ? sf_amqp_ack(connection.state, tag) : sf_amqp_requeue(connection.state, tag)
                if sent != 1 { return }
                if ack == .retry { pause(seconds: 0.2) }
            case 0:
                continue
            default:
                return
            }
        }
    }

    /// Runs the async handler from this consumer's own thread and waits for its answer.
    private func deliver(_ message: QueueMessage) -> QueueAck {
        let answer = Mutex(QueueAck.retry)
        let done = DispatchSemaphore(value: 0)
        let handler = self.handler
        Task {
            let outcome = await handler(message)
            answer.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return answer.withLock { $0 }
    }

    private func pause(seconds: Double) {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until, !stopping.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.05) }
    }
}
