import HTTP
import TestSupport
import Testing

@Suite("The answer to a request refused before any handler")
struct ProtocolErrorResponderTests {
    /// Sends a request with two spaces in its request line (400) to a server with `configuration`, hands
    /// the answer and the client to `check`, then stops the server.
    private func refuse(_ configuration: ServerConfiguration = ServerConfiguration(port: 0, eventLoops: 1),
                        _ check: (TestResponse, TestHTTPClient) async throws -> Void) async throws {
        let fixture = try ServerFixture(configuration: configuration) { _ in .text("should not run") }
        let client = try fixture.client()
        do {
            try await client.send("GET  / HTTP/1.1\r\nHost: x\r\n\r\n")
            try await check(try await client.readResponse(), client)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    @Test("without a responder the refusal is the reason phrase in plain text")
    func plainTextByDefault() async throws {
        try await refuse { response, _ in
            #expect(response.status == 400)
            #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(response.text == "Bad Request")
        }
    }

    @Test("a responder supplies the body and content type")
    func responderSuppliesContent() async throws {
        try await refuse(ServerConfiguration(port: 0, eventLoops: 1) { .html("<p>refused \($0.code)</p>", status: $0) }) { response, _ in
            #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(response.text == "<p>refused 400</p>")
        }
    }

    @Test("the server keeps the refusal's status and closes, whatever the responder returns")
    func serverKeepsFraming() async throws {
        let configuration = ServerConfiguration(port: 0, eventLoops: 1) { _ in
            Response(status: .ok, headers: ["Connection": "keep-alive", "Content-Length": "1"], body: Array("fine".utf8))
        }
        try await refuse(configuration) { response, client in
            #expect(response.status == 400)
            #expect(response.headers["Connection"] == "close")
            #expect(response.text == "fine")
            #expect(await client.waitForClose())
        }
    }
}
