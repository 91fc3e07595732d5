import Glibc
import HTTP
import TestSupport
import Testing

@Suite("Connection limit")
struct ConnectionLimitTests {
    @Test("at maxConnections a new client takes the place of the longest-idle connection and is served at once")
    func idleMakesRoom() async throws {
        let fixture = try ServerFixture(configuration: ServerConfiguration(port: 0, eventLoops: 1, maxConnections: 3)) { _ in .text("ok") }
        var holders: [TestHTTPClient] = []
        for _ in 0..<3 {
            let holder = try fixture.client()
            #expect(try await holder.request("GET", "/").status == 200)  // accepted, then idle on keep-alive
            holders.append(holder)
        }
        let newcomer = try fixture.client()
        #expect(try await newcomer.request("GET", "/").status == 200)
        #expect(await holders[0].waitForClose())
        #expect(try await holders[2].request("GET", "/").status == 200)
        await fixture.stop()
    }

    @Test("sockets that connect and say nothing cannot hold the server: at the cap they make room, whichever loop holds them")
    func silentConnectionsMakeRoom() async throws {
        let fixture = try ServerFixture(configuration: ServerConfiguration(port: 0, eventLoops: 2, maxConnections: 4)) { _ in .text("ok") }
        let silent = try (0..<4).map { _ in try fixture.client() }
        try await Task.sleep(for: .milliseconds(100))
        for _ in 0..<3 {
            #expect(try await TestHTTPClient(port: fixture.port).request("GET", "/").status == 200)
        }
        withExtendedLifetime(silent) {}
        await fixture.stop()
    }

    @Test("at maxConnections with every connection busy mid-request, a new client waits in the backlog until one is done")
    func busyConnectionsKept() async throws {
        let fixture = try ServerFixture(configuration: ServerConfiguration(port: 0, eventLoops: 1, maxConnections: 3)) { _ in .text("ok") }
        var holders: [TestHTTPClient] = []
        for _ in 0..<3 {
            let holder = try fixture.client()
            try await holder.send("GET / HTTP/1.1\r\nHost: x\r\n")  // a request head under way
            holders.append(holder)
        }
        try await Task.sleep(for: .milliseconds(100))
        let waiting = try fixture.client()
        try await waiting.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await #expect(throws: TestClientError.self) { try await waiting.readResponse(timeout: .milliseconds(400)) }
        try await holders[1].send("\r\n")  // done: answered, then idle and reclaimable
        #expect(try await holders[1].readResponse().status == 200)
        #expect(try await waiting.readResponse().status == 200)
        await fixture.stop()
    }

    @Test("the default limit leaves descriptors in reserve below the process's limit")
    func defaultKeepsReserve() {
        var limit = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        let soft = Int(clamping: limit.rlim_cur)
        #expect(ServerConfiguration.defaultMaxConnections() <= soft - 64)
        #expect(ServerConfiguration.defaultMaxConnections() >= 16)
    }
}
