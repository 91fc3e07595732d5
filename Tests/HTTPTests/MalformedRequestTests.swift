import HTTP
import TestSupport
import Testing

/// A request the server must refuse (it breaks RFC 9112 or a limit), and the status it answers before closing.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: String
    let status: Int
    var testDescription: String { name }
}

private let malformedCases: [MalformedCase] = [
    MalformedCase(name: "bare LF ends the request line", raw: "GET / HTTP/1.1\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "bare LF ends a header", raw: "GET / HTTP/1.1\r\nHost: x\n\r\n", status: 400),
    MalformedCase(name: "bare CR inside a header value", raw: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", status: 400),
    MalformedCase(name: "bare CR inside the request line", raw: "GET /\rx HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "missing version", raw: "GET /\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "lowercase version", raw: "GET / http/1.1\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "two spaces in the request line", raw: "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "trailing space after the version", raw: "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "method with a non-token byte", raw: "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "raw non-ASCII in the target", raw: "GET /한 HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "target not starting with a slash", raw: "GET index.html HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "bad percent-escape in the path", raw: "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
    MalformedCase(name: "HTTP/2.0 request line", raw: "GET / HTTP/2.0\r\nHost: x\r\n\r\n", status: 505),
    MalformedCase(name: "whitespace before the colon", raw: "GET / HTTP/1.1\r\nHost : x\r\n\r\n", status: 400),
    MalformedCase(name: "obs-fold continuation line", raw: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", status: 400),
    MalformedCase(name: "non-ASCII in a header name", raw: "GET / HTTP/1.1\r\nHost: x\r\nX-Ä: a\r\n\r\n", status: 400),
    MalformedCase(name: "header without a colon", raw: "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", status: 400),
    MalformedCase(name: "empty header name", raw: "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", status: 400),
    MalformedCase(name: "NUL in a header value", raw: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", status: 400),
    MalformedCase(name: "missing Host in HTTP/1.1", raw: "GET / HTTP/1.1\r\n\r\n", status: 400),
    MalformedCase(name: "two Host fields", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
    MalformedCase(name: "conflicting Content-Length fields",
                  raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400),
    MalformedCase(name: "conflicting Content-Length list", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabcd", status: 400),
    MalformedCase(name: "negative Content-Length", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", status: 400),
    MalformedCase(name: "Content-Length with a plus sign", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", status: 400),
    MalformedCase(name: "Content-Length with Transfer-Encoding",
                  raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
    MalformedCase(name: "chunked not last", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", status: 400),
    MalformedCase(name: "unknown transfer coding", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
    MalformedCase(name: "Transfer-Encoding in HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
    MalformedCase(name: "chunk size that is not hex", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400),
    MalformedCase(name: "chunk data longer than its size",
                  raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", status: 400),
    MalformedCase(name: "bare LF after a chunk size", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n", status: 400),
    MalformedCase(name: "Expect other than 100-continue", raw: "GET / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", status: 400),
]

@Suite("Malformed requests are refused and the connection closed")
struct MalformedRequestTests {
    @Test("a request that breaks RFC 9112 gets its status and a closed connection", arguments: malformedCases)
    func refused(_ testCase: MalformedCase) async throws {
        let fixture = try ServerFixture { _ in .text("should not run") }
        let client = try fixture.client()
        try await client.send(testCase.raw)
        let response = try await client.readResponse()
        #expect(response.status == testCase.status)
        #expect(response.headers["Connection"] == "close")
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("empty lines before a request line are ignored")
    func leadingEmptyLines() async throws {
        let fixture = try ServerFixture { _ in .text("fine") }
        let client = try fixture.client()
        try await client.send("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().text == "fine")
        await fixture.stop()
    }

    @Test("identical repeated Content-Length values are accepted")
    func repeatedContentLength() async throws {
        let fixture = try ServerFixture { request in .text(String(decoding: request.body, as: UTF8.self)) }
        let client = try fixture.client()
        try await client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(try await client.readResponse().text == "abc")
        await fixture.stop()
    }
}

private let limits = ServerConfiguration(port: 0, eventLoops: 1, maxBodyBytes: 64, maxRequestLineBytes: 100,
                                         maxHeaderBytes: 300, maxHeaderCount: 5)

private let oversizedCases: [MalformedCase] = [
    MalformedCase(name: "request line over the limit (complete)",
                  raw: "GET /\(String(repeating: "a", count: 120)) HTTP/1.1\r\nHost: x\r\n\r\n", status: 414),
    MalformedCase(name: "request line over the limit (still arriving)",
                  raw: "GET /\(String(repeating: "a", count: 200))", status: 414),
    MalformedCase(name: "header bytes over the limit",
                  raw: "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 400))\r\n\r\n", status: 431),
    MalformedCase(name: "too many header fields",
                  raw: "GET / HTTP/1.1\r\nHost: x\r\n" + (1...6).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431),
    MalformedCase(name: "declared body over the limit",
                  raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n", status: 413),
    MalformedCase(name: "chunked body over the limit",
                  raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n\(String(repeating: "c", count: 64))\r\n1\r\n", status: 413),
    MalformedCase(name: "chunk size that overflows",
                  raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", status: 413),
]

@Suite("Limits")
struct LimitTests {
    @Test("an oversized part is refused with its status and the connection closed", arguments: oversizedCases)
    func oversized(_ testCase: MalformedCase) async throws {
        let fixture = try ServerFixture(configuration: limits) { _ in .text("should not run") }
        let client = try fixture.client()
        try await client.send(testCase.raw)
        let response = try await client.readResponse()
        #expect(response.status == testCase.status)
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("a body exactly at the limit is accepted")
    func bodyAtLimit() async throws {
        let fixture = try ServerFixture(configuration: limits) { request in .text("\(request.body.count)") }
        let response = try await TestHTTPClient.request(port: fixture.port, "POST", "/", body: Array(repeating: 65, count: 64))
        #expect(response.text == "64")
        await fixture.stop()
    }
}
