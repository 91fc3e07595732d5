import Glibc
import HTTP
import Synchronization
import TestSupport
import Testing

/// Handlers run on the event loop that read their request (the loop is their task executor), and accepted
/// connections are spread over the loops in turn.
@Suite("Handlers on their event loop")
struct LoopExecutorTests {
    static func threadID() -> String { String(UInt(pthread_self())) }

    @Test("a handler runs on one thread before and after an await, and a connection keeps its loop")
    func handlerStaysOnItsLoop() async throws {
        let fixture = try ServerFixture { _ in
            let before = Self.threadID()
            try? await Task.sleep(for: .milliseconds(1))
            return .text(before + " " + Self.threadID())
        }
        let client = try fixture.client()
        var seen: Set<String> = []
        for _ in 0..<3 {
            let threads = try await client.request("GET", "/").text.split(separator: " ").map(String.init)
            #expect(threads.count == 2 && threads[0] == threads[1])
            seen.insert(threads[0])
        }
        #expect(seen.count == 1)
        await fixture.stop()
    }

    @Test("connections accepted together are handed to the loops in turn, so every loop serves some")
    func connectionsSpreadOverLoops() async throws {
        let fixture = try ServerFixture(configuration: ServerConfiguration(port: 0, eventLoops: 2)) { _ in .text(Self.threadID()) }
        var clients: [TestHTTPClient] = []
        for _ in 0..<4 { clients.append(try fixture.client()) }
        var perThread: [String: Int] = [:]
        for client in clients { perThread[try await client.request("GET", "/").text, default: 0] += 1 }
        #expect(perThread.values.sorted() == [2, 2])
        await fixture.stop()
    }

    @Test("an upload's handler, which parses its body as it streams in, runs off the loop")
    func uploadOffLoop() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.streamedBodyLimit = { $0.path == "/upload" ? 1 << 20 : nil }
        let fixture = try ServerFixture(configuration: configuration) { request in
            if let stream = request.bodyStream { while try await stream.next() != nil {} }
            return .text(Self.threadID())
        }
        let client = try fixture.client()
        let loopThread = try await client.request("GET", "/").text
        let uploadThread = try await client.request("POST", "/upload", body: Array(repeating: UInt8(ascii: "x"), count: 4096)).text
        #expect(uploadThread != loopThread)
        #expect(try await client.request("GET", "/").text == loopThread)
        await fixture.stop()
    }

    @Test("a handler still waiting when shutdown gave up on it finishes after the loops have ended")
    func handlerOutlivesItsLoop() async throws {
        let gate = Gate()
        let finished = Atomic<Bool>(false)
        let configuration = ServerConfiguration(port: 0, eventLoops: 1, shutdownTimeout: .milliseconds(100))
        let fixture = try ServerFixture(configuration: configuration) { _ in
            await gate.pass()
            finished.store(true, ordering: .relaxed)
            return .text("late")
        }
        let client = try fixture.client()
        try await client.send(TestHTTPClient.encode("GET", "/"))
        #expect(await gate.waitUntilEntered())
        await fixture.stop()
        gate.open()
        let deadline = ContinuousClock.now + TestHTTPClient.patience
        while !finished.load(ordering: .relaxed) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        let done = finished.load(ordering: .relaxed)
        #expect(done)
    }
}
