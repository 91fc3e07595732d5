import Glibc
@testable import HTTP
import Synchronization
import TestSupport
import Testing

/// Answers `/n/<i>` with 24 KB (a stylesheet's size) that start with the path, and counts the requests it answered.
private final class SizedAnswers: Sendable {
    private let answered = Atomic<Int>(0)
    var count: Int { answered.load(ordering: .relaxed) }

    var handler: Handler {
        { [self] request in
            answered.add(1, ordering: .relaxed)
            var body = Array(request.path.utf8)
            body += [UInt8](repeating: UInt8(ascii: "x"), count: 24 * 1024 - body.count)
            return Response(status: .ok, body: body)
        }
    }
}

/// Polls `condition` until it holds or the test's patience runs out.
func eventually(_ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + TestHTTPClient.patience
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

@Suite("Write back-pressure: a client that does not read its answers")
struct BackPressureTests {
    // 2,000 answers of 24 KB are 48 MB: far beyond what the loopback socket buffers can hold.
    private let pipelined = 2_000

    @Test("is not served further while its unsent output is over the bound, and gets every answer once it reads")
    func heldUntilRead() async throws {
        let answers = SizedAnswers()
        let configuration = ServerConfiguration(port: 0, eventLoops: 1, maxPendingOutputBytes: 64 * 1024)
        let fixture = try ServerFixture(configuration: configuration, handler: answers.handler)
        let client = try fixture.client()
        try await client.send((1...pipelined).flatMap { TestHTTPClient.encode("GET", "/n/\($0)") })
        #expect(await eventually { fixture.server.context.connectionsHeldForOutput.load(ordering: .relaxed) == 1 })
        #expect(answers.count < pipelined / 2)
        for index in 1...pipelined {
            let response = try await client.readResponse()
            #expect(response.body.starts(with: Array("/n/\(index)".utf8)))
        }
        #expect(answers.count == pipelined)
        #expect(fixture.server.context.connectionsHeldForOutput.load(ordering: .relaxed) == 0)
        await fixture.stop()
    }

    @Test("a client reading slower than it is answered leaves unsent output, not everything ever sent, in memory")
    func sentOutputIsDropped() throws {
        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK)
        defer { close(pair[1]) }
        let context = ServerContext(configuration: ServerConfiguration(port: 0, eventLoops: 1),
                                    handler: { _ in .text("") }, accessLog: nil)
        let listener = try SocketAddress.listen(host: "127.0.0.1", port: 0)
        defer { close(listener.fd) }
        // The loop is driven from this thread alone, never run: its methods are called as its thread would.
        let loop = try EventLoop(context: context, listenFD: listener.fd)
        let connection = Connection(fd: pair[0], id: 1, remoteAddress: "test", limits: context.limits, now: 0)
        loop.connections[pair[0]] = connection
        defer { loop.closeConnection(connection) }
        let answer = [UInt8](repeating: 1, count: 24 * 1024)
        var taken = [UInt8](repeating: 0, count: 20 * 1024)
        for _ in 0..<1_000 {
            loop.write(connection, answer)
            // The client takes 20 KB for every 24 KB answer: unsent output grows by 4 KB a round.
            _ = taken.withUnsafeMutableBytes { recv(pair[1], $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            loop.flush(connection)
        }
        #expect(connection.pendingOutputCount > 1 << 20)
        #expect(connection.pendingOutput.count <= 2 * connection.pendingOutputCount + answer.count)
    }

    @Test("is closed once its output has not moved for the write timeout")
    func closedAfterWriteTimeout() async throws {
        let answers = SizedAnswers()
        let configuration = ServerConfiguration(port: 0, eventLoops: 1, idleTimeout: .seconds(600),
                                                writeTimeout: .milliseconds(300))
        let fixture = try ServerFixture(configuration: configuration, handler: answers.handler)
        let client = try fixture.client()
        try await client.send((1...pipelined).flatMap { TestHTTPClient.encode("GET", "/n/\($0)") })
        #expect(await eventually { answers.count > 0 })
        #expect(await eventually { fixture.server.context.openConnections.load(ordering: .relaxed) == 0 })
        #expect(fixture.server.context.connectionsHeldForOutput.load(ordering: .relaxed) == 0)
        _ = client
        await fixture.stop()
    }
}
