import Foundation
import InProcessQueue
import Logging
import RabbitMQQueue
import PluginKit
import Synchronization
import Testing

/// The behaviour every `MessageQueue` plugin promises, run against each implementation this machine can reach.
@Suite("Queue conformance", .timeLimit(.minutes(1)))
struct QueueConformanceTests {
    static var implementations: [QueueImplementation] { QueueImplementation.available }

    @Test("every group subscribed to a topic receives each message once it is acked", arguments: implementations)
    func fanOut(_ implementation: QueueImplementation) async throws {
        try await implementation.with { queue, topic in
            let a = Received(), b = Received()
            try await queue.subscribe(group: topic("a"), topics: [topic("order.*")]) { await a.add($0) }
            try await queue.subscribe(group: topic("b"), topics: [topic("order.paid")]) { await b.add($0) }
            try await queue.publish(QueueMessage(id: "1", topic: topic("order.paid"), body: [1]))
            try await queue.publish(QueueMessage(id: "2", topic: topic("order.failed"), body: [2]))
            try await a.waitFor(2)
            try await b.waitFor(1)
            try await Task.sleep(for: .milliseconds(200))
            #expect(a.ids.sorted() == ["1", "2"])
            #expect(b.ids == ["1"])
        }
    }

    @Test("a message the handler asks to retry is delivered again until it is acked", arguments: implementations)
    func redelivery(_ implementation: QueueImplementation) async throws {
        try await implementation.with { queue, topic in
            let received = Received(failFirst: 2)
            try await queue.subscribe(group: topic("g"), topics: [topic("stock.changed")]) { await received.add($0) }
            try await queue.publish(QueueMessage(id: "s1", topic: topic("stock.changed"), body: Array("7".utf8)))
            try await received.waitFor(3)
            #expect(received.ids == ["s1", "s1", "s1"])
            #expect(received.bodies.last == Array("7".utf8))
        }
    }

    @Test("messages of one group arrive in publish order", arguments: implementations)
    func order(_ implementation: QueueImplementation) async throws {
        try await implementation.with { queue, topic in
            let received = Received()
            try await queue.subscribe(group: topic("g"), topics: [topic("t")]) { await received.add($0) }
            for index in 0..<20 { try await queue.publish(QueueMessage(id: String(index), topic: topic("t"), body: [])) }
            try await received.waitFor(20)
            #expect(received.ids == (0..<20).map(String.init))
        }
    }
}

/// What a test consumer received; answers `.retry` to the first `failFirst` deliveries.
final class Received: Sendable {
    private let state: Mutex<(messages: [QueueMessage], failuresLeft: Int)>

    init(failFirst: Int = 0) { state = Mutex(([], failFirst)) }

    func add(_ message: QueueMessage) async -> QueueAck {
        state.withLock { state in
            state.messages.append(message)
            guard state.failuresLeft > 0 else { return .ack }
            state.failuresLeft -= 1
            return .retry
        }
    }

    var ids: [String] { state.withLock { $0.messages.map(\.id) } }
    var bodies: [[UInt8]] { state.withLock { $0.messages.map(\.body) } }

    func waitFor(_ count: Int) async throws {
        // Generous: only a failure waits it out, and a loaded two-core machine can stall a test for seconds.
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while state.withLock({ $0.messages.count }) < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("received \(ids.count) of \(count) messages")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A queue plugin under test.
struct QueueImplementation: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any MessageQueue

    var testDescription: String { name }

    static var available: [QueueImplementation] {
        [QueueImplementation(name: "inprocess") { InProcessQueue() }] + RabbitMQTestServer.queueImplementations
    }

    /// Runs `body` with a fresh queue and a function that keeps this run's topics and groups apart.
    func with(_ body: (any MessageQueue, (String) -> String) async throws -> Void) async throws {
        let queue = try await make()
        let run = UUID().uuidString.prefix(8)
        do {
            try await body(queue) { "t\(run).\($0)" }
        } catch {
            await queue.shutdown()
            throw error
        }
        await queue.shutdown()
    }
}

/// The loopback RabbitMQ the test command starts, if any.
enum RabbitMQTestServer {
    static var url: String? { ProcessInfo.processInfo.environment["STOREFRONT_TEST_RABBITMQ_URL"] }
    static var queueImplementations: [QueueImplementation] {
        guard let url else {
            // Never a silent skip in CI: the test command starts RabbitMQ, so its absence is a failure.
            return RedisTestServer.inCI ? [QueueImplementation(name: "rabbitmq") { throw MissingServer(variable: "STOREFRONT_TEST_RABBITMQ_URL") }] : []
        }
        return [QueueImplementation(name: "rabbitmq") {
            try await RabbitMQQueue.make(options: PluginOptions(["url": url, "exchange": "conformance.\(UUID().uuidString.prefix(8))",
                                                                 "timeoutMilliseconds": "3000"], keyPath: "queue.options"), logger: .discarding)
        }]
    }
}
