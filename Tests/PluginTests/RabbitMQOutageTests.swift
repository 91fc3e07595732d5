import Foundation
import Logging
import PluginKit
import RabbitMQQueue
import Synchronization
import Testing
import TestSupport

/// RabbitMQ stopping and starting again under a publisher and a consumer, with a broker of the test's own
/// (private ports and folder, stopped by its PID). Persistent messages in durable queues survive the restart.
@Suite("RabbitMQ outage", .timeLimit(.minutes(2)))
struct RabbitMQOutageTests {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/rabbitmq-server") }

    @Test("publishing fails while the broker is down; after it restarts nothing is lost, each message is handled once, and the consumer logged the outage")
    func brokerRestart() async throws {
        guard Self.available else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "rabbitmq-server is missing in CI")
            return
        }
        let broker = try PrivateBroker()
        let logs = InMemoryLogHandler()
        try await broker.start()
        let url = "amqp://guest:guest@127.0.0.1:\(broker.port)/"
        let queue = try await RabbitMQQueue.make(options: PluginOptions(["url": url, "timeoutMilliseconds": "1000"], keyPath: "queue.options"), logger: logs.logger)
        let handled = Mutex<[String]>([])
        try await queue.subscribe(group: "outage", topics: ["order.*"]) { message in
            handled.withLock { $0.append(message.id) }
            return .ack
        }
        try await queue.publish(QueueMessage(id: "before", topic: "order.paid", body: []))

        try await broker.stop()
        await #expect(throws: QueueError.self) { try await queue.publish(QueueMessage(id: "during", topic: "order.paid", body: [])) }

        try await broker.start()
        // The outbox would retry; so does this test, until the broker confirms.
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        var published = false
        while !published, ContinuousClock.now < deadline {
            do {
                try await queue.publish(QueueMessage(id: "during", topic: "order.paid", body: []))
                published = true
            } catch {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        #expect(published)
        try await queue.publish(QueueMessage(id: "after", topic: "order.paid", body: []))
        while handled.withLock({ Set($0).count }) < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(Set(handled.withLock { $0 }) == ["before", "during", "after"])
        #expect(logs.entries("queue_consumer_lost").map(\.level) == [.warning])
        #expect(logs.entries("queue_consumer_back").map { $0.metadata["queue"] } == ["storefront.outage"])
        await queue.shutdown()
        try await broker.stop()
        broker.remove()
    }
}

/// A rabbitmq-server on private loopback ports with its own data folder; restartable with the same data.
final class PrivateBroker: Sendable {
    /// AMQP port; the port mapper listens on `port + 3_000` and Erlang distribution on `port + 6_000`. All three
    /// sit below the kernel's ephemeral range (32768+), so no outgoing connection of a parallel test can hold one
    /// while the broker is down between its stop and its restart.
    let port: Int
    let folder: URL
    private let launchers = Mutex<[ChildProcess]>([])

    init() throws {
        port = LoopbackPort.unused(in: 20_000...22_999, alsoFree: [3_000, 6_000]) ?? 20_000
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("broker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o777])
    }

    var pidFile: URL { folder.appendingPathComponent("broker.pid") }

    func start() async throws {
        try? FileManager.default.removeItem(at: pidFile)
        let launcher = try ChildProcess("/usr/sbin/rabbitmq-server", environment: [
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1", "RABBITMQ_NODE_PORT": String(port),
            "RABBITMQ_NODENAME": "outage-\(port)@localhost", "RABBITMQ_MNESIA_BASE": folder.path, "RABBITMQ_LOG_BASE": folder.path,
            "RABBITMQ_DIST_PORT": String(port + 6_000), "RABBITMQ_PID_FILE": pidFile.path, "ERL_EPMD_ADDRESS": "127.0.0.1",
            "ERL_EPMD_PORT": String(port + 3_000), "ERL_CRASH_DUMP": folder.appendingPathComponent("erl_crash.dump").path,
            "RABBITMQ_SERVER_START_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        ])
        launchers.withLock { $0.append(launcher) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            if brokerPID != nil, LoopbackPort.listening(port) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BrokerError.didNotStart(port)
    }

    var brokerPID: Int32? {
        (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Stops the broker by its own PID, then its private port mapper.
    func stop() async throws {
        guard let pid = brokerPID else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while kill(pid, 0) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        kill(pid, SIGKILL)
        if let epmd = try? ChildProcess("/usr/bin/epmd", ["-port", String(port + 3_000), "-kill"]) {
            await epmd.waitForExit(timeout: .seconds(20))
        }
        // The launchers (su, then a shell) end with the broker; reaping them leaves no zombies behind.
        for launcher in launchers.withLock({ $0 }) { await launcher.waitForExit(timeout: .seconds(20)) }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    enum BrokerError: Error { case didNotStart(Int) }
}
