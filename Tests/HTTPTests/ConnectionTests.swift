import HTTP
import TestSupport
import Testing

/// Echoes what the server parsed, so tests can see method, path, query and body.
private let echo: Handler = { request in
    .text("\(request.method) \(request.path) q=\(request.rawQuery) body=\(String(decoding: request.body, as: UTF8.self))")
}

@Suite("Connections: keep-alive, pipelining, framing")
struct ConnectionTests {
    @Test("several requests on one keep-alive socket are each answered")
    func keepAlive() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        for index in 1...5 {
            let response = try await client.request("GET", "/n/\(index)")
            #expect(response.status == 200)
            #expect(response.text == "GET /n/\(index) q= body=")
            #expect(response.headers["Connection"] == "keep-alive")
        }
        await fixture.stop()
    }

    @Test("pipelined requests sent in one write are answered in order")
    func pipelining() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        let batch = (1...3).flatMap { TestHTTPClient.encode("POST", "/p/\($0)", body: Array("b\($0)".utf8)) }
        try await client.send(batch)
        for index in 1...3 {
            let response = try await client.readResponse()
            #expect(response.text == "POST /p/\(index) q= body=b\(index)")
        }
        await fixture.stop()
    }

    @Test("the server's own headers are present: Date, Server without version, Content-Length")
    func serverHeaders() async throws {
        let fixture = try ServerFixture(handler: echo)
        let response = try await TestHTTPClient.request(port: fixture.port, "GET", "/")
        #expect(response.headers["Server"] == "storefront")
        #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
        #expect(response.headers["Content-Length"] == String(response.body.count))
        await fixture.stop()
    }

    @Test("Connection: close is honoured after the response")
    func connectionClose() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        let response = try await client.request("GET", "/", headers: [("Connection", "close")])
        #expect(response.headers["Connection"] == "close")
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("an HTTP/1.0 request is served and the connection closed")
    func http10() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        try await client.send("GET /old HTTP/1.0\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.text == "GET /old q= body=")
        #expect(response.headers["Connection"] == "close")
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("an HTTP/1.0 client asking for keep-alive keeps its connection")
    func http10KeepAlive() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        for _ in 0..<2 {
            try await client.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await client.readResponse().headers["Connection"] == "keep-alive")
        }
        await fixture.stop()
    }

    @Test("a chunked request body is decoded")
    func chunkedBody() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        try await client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer-Field: x\r\n\r\n")
        #expect(try await client.readResponse().text == "POST /c q= body=Wikipedia")
        #expect(try await client.request("GET", "/after").status == 200)
        await fixture.stop()
    }

    @Test("Expect: 100-continue gets an interim answer before the body is sent")
    func expectContinue() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        try await client.send("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        let deadline = ContinuousClock.now + TestHTTPClient.patience
        while !String(decoding: client.unreadBytes, as: UTF8.self).contains("100 Continue"),
              ContinuousClock.now < deadline {
            _ = await client.waitForClose(timeout: .milliseconds(5))
        }
        #expect(String(decoding: client.unreadBytes, as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"))
        try await client.send("abc")
        #expect(try await client.readResponse().text == "POST /e q= body=abc")
        await fixture.stop()
    }

    @Test("a body arriving in small pieces is assembled")
    func trickledBody() async throws {
        let fixture = try ServerFixture(handler: echo)
        let client = try fixture.client()
        try await client.send("PUT /t?x=1 HTTP/1.1\r\nHost: x\r\nContent-Le")
        try await client.send("ngth: 6\r\n\r\nhel")
        try await client.send("lo!")
        #expect(try await client.readResponse().text == "PUT /t q=x=1 body=hello!")
        await fixture.stop()
    }

    @Test("the percent-decoded path and raw query reach the handler")
    func decodedPath() async throws {
        let fixture = try ServerFixture(handler: echo)
        let response = try await TestHTTPClient.request(port: fixture.port, "GET", "/a%20b/%ED%95%9C?q=%20")
        #expect(response.text == "GET /a b/한 q=q=%20 body=")
        await fixture.stop()
    }

    @Test("a response larger than the socket buffer arrives whole, and the connection stays usable")
    func largeResponse() async throws {
        let big = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let fixture = try ServerFixture { request in
            request.path == "/big" ? Response(status: .ok, body: big) : .text("small")
        }
        let client = try fixture.client()
        #expect(try await client.request("GET", "/big").body == big)
        #expect(try await client.request("GET", "/small").text == "small")
        await fixture.stop()
    }
}
