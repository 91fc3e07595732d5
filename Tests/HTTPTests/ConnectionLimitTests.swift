import Glibc
import HTTP
import TestSupport
import Testing

@Suite("Connection limit")
struct ConnectionLimitTests {
    @Test("at maxConnections a new client waits in the backlog, and is served as soon as another connection closes")
    func waitsForRoom() async throws {
        let fixture = try ServerFixture(configuration: ServerConfiguration(port: 0, eventLoops: 2, maxConnections: 3)) { _ in .text("ok") }
        var holders: [TestHTTPClient] = []
        for _ in 0..<3 {
            let holder = try fixture.client()
            #expect(try await holder.request("GET", "/").status == 200)  // accepted, kept alive
            holders.append(holder)
        }
        let waiting = try fixture.client()
        try await waiting.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await #expect(throws: TestClientError.self) { try await waiting.readResponse(timeout: .milliseconds(400)) }
        holders.removeFirst()  // closes its socket
        #expect(try await waiting.readResponse(timeout: .seconds(3)).status == 200)
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
