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
private func eventually(_ condition: () -> Bool) async -> Bool {
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
