import HTTP
import Logging
import TestSupport
import Testing

@Suite("Timeouts, slow handlers and graceful shutdown")
struct TimeoutAndShutdownTests {
    private let shortTimeouts = ServerConfiguration(port: 0, eventLoops: 1, headerTimeout: .milliseconds(300),
                                                    idleTimeout: .milliseconds(300))

    @Test("a client that never finishes its headers is answered 408 and closed")
    func headerTimeout() async throws {
        let fixture = try ServerFixture(configuration: shortTimeouts) { _ in .text("never") }
        let client = try fixture.client()
        try await client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        let response = try await client.readResponse()
        #expect(response.status == 408)
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("a client that stops sending its body is closed")
    func bodyTimeout() async throws {
        let fixture = try ServerFixture(configuration: shortTimeouts) { _ in .text("never") }
        let client = try fixture.client()
        try await client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try await client.readResponse().status == 408)
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("an idle keep-alive connection is closed after the idle timeout")
    func idleTimeout() async throws {
        let fixture = try ServerFixture(configuration: shortTimeouts) { _ in .text("ok") }
        let client = try fixture.client()
        #expect(try await client.request("GET", "/").status == 200)
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("a connection that sends nothing at all is closed")
    func silentConnection() async throws {
        let fixture = try ServerFixture(configuration: shortTimeouts) { _ in .text("ok") }
        let client = try fixture.client()
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("trickling sockets do not keep a real client from being served")
    func tricklersDoNotStarve() async throws {
        let fixture = try ServerFixture(configuration: shortTimeouts) { _ in .text("ok") }
        var tricklers: [TestHTTPClient] = []
        for _ in 0..<100 {
            let client = try fixture.client()
            try await client.send("GET / HTTP/1.1\r\n")
            tricklers.append(client)
        }
        #expect(try await TestHTTPClient.request(port: fixture.port, "GET", "/").text == "ok")
        await fixture.stop()
    }

    @Test("a slow handler does not stall another connection")
    func slowHandlerIsolated() async throws {
        let gate = Gate()
        let fixture = try ServerFixture { request in
            if request.path == "/slow" { await gate.pass() }
            return .text(request.path)
        }
        let slow = try fixture.client()
        try await slow.send(TestHTTPClient.encode("GET", "/slow"))
        #expect(await gate.waitUntilEntered())
        #expect(try await TestHTTPClient.request(port: fixture.port, "GET", "/fast").text == "/fast")
        gate.open()
        #expect(try await slow.readResponse().text == "/slow")
        await fixture.stop()
    }

    @Test("shutdown lets an in-flight request finish, then refuses new connections")
    func gracefulShutdown() async throws {
        let gate = Gate()
        let fixture = try ServerFixture { _ in
            await gate.pass()
            return .text("finished")
        }
        let client = try fixture.client()
        try await client.send(TestHTTPClient.encode("GET", "/"))
        #expect(await gate.waitUntilEntered())
        async let stopped: Void = fixture.stop()
        // New connections are refused as soon as shutdown begins; poll until that is visible.
        let deadline = ContinuousClock.now + TestHTTPClient.patience
        var refused = false
        while !refused && ContinuousClock.now < deadline {
            refused = (try? TestHTTPClient(port: fixture.port)) == nil
            if !refused { try await Task.sleep(for: .milliseconds(2)) }
        }
        #expect(refused)
        gate.open()
        let response = try await client.readResponse()
        #expect(response.text == "finished")
        #expect(response.headers["Connection"] == "close")
        await stopped
        #expect(await client.waitForClose())
    }

    @Test("shutdown of an idle server returns and closes idle keep-alive connections")
    func idleShutdown() async throws {
        let fixture = try ServerFixture { _ in .text("ok") }
        let client = try fixture.client()
        #expect(try await client.request("GET", "/").status == 200)
        await fixture.stop()
        #expect(await client.waitForClose())
    }

    @Test("binding a port that is in use throws addressInUse")
    func addressInUse() async throws {
        let fixture = try ServerFixture { _ in .text("ok") }
        let second = HTTPServer(configuration: ServerConfiguration(port: fixture.port, eventLoops: 1)) { _ in .text("no") }
        #expect {
            _ = try second.start()
        } throws: { error in
            if case ServerError.addressInUse(_, let port) = error { return port == fixture.port }
            return false
        }
        await fixture.stop()
    }

    @Test("a handler error that no middleware caught is a 500 without details")
    func escapedError() async throws {
        struct SecretFailure: Error {}
        let fixture = try ServerFixture { _ in throw SecretFailure() }
        let response = try await TestHTTPClient.request(port: fixture.port, "GET", "/")
        #expect(response.status == 500)
        #expect(!response.text.contains("SecretFailure"))
        await fixture.stop()
    }

    @Test("the access log receives method, path, status and size")
    func accessLog() async throws {
        let entries = InMemoryLogHandler()
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, eventLoops: 1),
                                handler: { _ in .text("hello") }, accessLog: entries.logger)
        let port = try server.start()
        _ = try await TestHTTPClient.request(port: port, "GET", "/logged")
        let deadline = ContinuousClock.now + TestHTTPClient.patience
        while entries.entries.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let entry = try #require(entries.entries.first)
        #expect(entry.event == "request" && entry.level == .info)
        #expect(entry.metadata["method"] == "GET" && entry.metadata["path"] == "/logged" && entry.metadata["status"] == 200)
        #expect(entry.metadata["bytes"] == 5 && entry.metadata["remote"] == "127.0.0.1" && entry.metadata["duration_ms"] != nil)
        await server.shutdown()
    }
}
