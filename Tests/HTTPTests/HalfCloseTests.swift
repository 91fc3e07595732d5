import HTTP
import TestSupport
import Testing

@Suite("A client that half-closes (shutdown(SHUT_WR)) is answered before the connection closes")
struct HalfCloseTests {
    @Test("ten pipelined requests followed by a half-close are each answered in order, then the connection closes")
    func pipelinedThenHalfClose() async throws {
        let fixture = try ServerFixture { request in .text(request.path) }
        let client = try fixture.client()
        try await client.send((1...10).flatMap { TestHTTPClient.encode("GET", "/n/\($0)") })
        client.finishSending()
        for index in 1...10 {
            #expect(try await client.readResponse().text == "/n/\(index)")
        }
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("a half-close while a slow handler runs loses none of the requests pipelined behind it")
    func halfCloseDuringSlowHandler() async throws {
        let gate = Gate()
        let fixture = try ServerFixture { request in
            if request.path == "/slow" { await gate.pass() }
            return .text(request.path)
        }
        let client = try fixture.client()
        try await client.send(TestHTTPClient.encode("GET", "/slow") + TestHTTPClient.encode("GET", "/a")
            + TestHTTPClient.encode("GET", "/b"))
        #expect(await gate.waitUntilEntered())
        client.finishSending()
        gate.open()
        for path in ["/slow", "/a", "/b"] {
            #expect(try await client.readResponse().text == path)
        }
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("a half-close in the middle of a request answers the complete ones and closes")
    func halfCloseMidRequest() async throws {
        let fixture = try ServerFixture { request in .text(request.path) }
        let client = try fixture.client()
        try await client.send(TestHTTPClient.encode("GET", "/whole") + Array("GET /half HTTP/1.1\r\nHo".utf8))
        client.finishSending()
        #expect(try await client.readResponse().text == "/whole")
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("requests pipelined behind a malformed one are not answered: the error closes the connection")
    func pipelinedAfterError() async throws {
        let fixture = try ServerFixture { request in .text(request.path) }
        let client = try fixture.client()
        try await client.send(TestHTTPClient.encode("GET", "/first") + Array("GET /bad HTTP/1.1\r\nHost: a b\r\n\r\n".utf8)
            + TestHTTPClient.encode("GET", "/after"))
        #expect(try await client.readResponse().text == "/first")
        let refused = try await client.readResponse()
        #expect(refused.status == 400)
        #expect(refused.headers["Connection"] == "close")
        #expect(await client.waitForClose())
        await fixture.stop()
    }
}
