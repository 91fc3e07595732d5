import TestSupport
import Testing
@testable import Storefront

/// A request the HTTP server refuses before routing, what the shop must answer, and the Korean text.
struct RefusedRequest: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: String
    let status: Int
    let message: String
    var testDescription: String { name }
}

private let refusedRequests: [RefusedRequest] = [
    RefusedRequest(name: "a request line over 8 KiB", raw: "GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n",
                   status: 414, message: "주소가 너무 깁니다."),
    RefusedRequest(name: "header fields over 16 KiB",
                   raw: "GET / HTTP/1.1\r\nHost: x\r\nCookie: \(String(repeating: "c", count: 17000))\r\n\r\n",
                   status: 431, message: "요청 헤더가 너무 큽니다. 쿠키를 지운 뒤 다시 시도해 주세요."),
    RefusedRequest(name: "a transfer coding the server cannot read",
                   raw: "POST /cart/items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                   status: 501, message: "이 서버가 처리할 수 없는 방식으로 보낸 요청입니다."),
    RefusedRequest(name: "an HTTP/2.0 request line", raw: "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
                   status: 505, message: "이 서버는 HTTP/1.0과 HTTP/1.1만 지원합니다."),
]

@Suite("Requests the server refuses before routing get the shop's error page")
struct ProtocolErrorPageTests {
    /// Sends `raw` on a fresh connection and reads the one answer.
    private func refuse(_ raw: String, on shop: PageShop) async throws -> TestResponse {
        let client = try TestHTTPClient(port: shop.port)
        try await client.send(raw)
        return try await client.readResponse()
    }

    @Test("a body over the limit gets the Korean 413 page in the layout and the connection closes")
    func bodyTooLarge() async throws {
        try await withPageShop { shop in
            let client = try TestHTTPClient(port: shop.port)
            try await client.send("POST /cart/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                  + "Content-Length: \(2 << 20)\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["Connection"] == "close")
            let page = try response.page()
            #expect(page.first("/html")?.attribute("lang") == "ko")
            #expect(page.errorCode == "413")
            #expect(page.errorHeading == "요청이 너무 큽니다")
            #expect(page.errorMessage == "보낸 내용이 너무 큽니다.")
            #expect(await client.waitForClose())
        }
    }

    @Test("a client whose headers do not arrive in time gets the Korean 408 page and the connection closes")
    func headersTooSlow() async throws {
        try await withLiveShop(configure: { $0.server.readTimeoutSeconds = 1 }) { live in
            let client = try TestHTTPClient(port: live.server.port)
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 408)
            let page = try response.page()
            #expect(page.errorCode == "408")
            #expect(page.errorHeading == "요청 시간이 초과되었습니다")
            #expect(page.errorMessage == "요청이 제시간에 도착하지 않았습니다. 다시 시도해 주세요.")
            #expect(await client.waitForClose())
        }
    }

    @Test("a malformed request line gets the Korean 400 page in the layout")
    func malformedRequestLine() async throws {
        try await withPageShop { shop in
            let response = try await refuse("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", on: shop)
            #expect(response.status == 400)
            #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
            let page = try response.page()
            #expect(page.first("/html")?.attribute("lang") == "ko")
            #expect(page.errorHeading == "잘못된 요청입니다")
            #expect(page.errorMessage == "요청을 이해할 수 없습니다.")
        }
    }

    @Test("each refusal shows its status and Korean message", arguments: refusedRequests)
    func refusal(_ refused: RefusedRequest) async throws {
        try await withPageShop { shop in
            let response = try await refuse(refused.raw, on: shop)
            #expect(response.status == refused.status)
            let page = try response.page()
            #expect(page.errorCode == "\(refused.status)")
            #expect(page.errorMessage == refused.message)
        }
    }

    @Test("the shop as `serve` starts it answers a body over its configured limit with the Korean 413 page")
    func shopServerWiring() async throws {
        try await withLiveShop { live in
            let client = try TestHTTPClient(port: live.server.port)
            let tooLarge = live.server.app.config.server.maxBodyBytes + 1
            try await client.send("POST /cart/items HTTP/1.1\r\nHost: x\r\nContent-Length: \(tooLarge)\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(try response.page().errorMessage == "보낸 내용이 너무 큽니다.")
        }
    }

    @Test("a refusal page carries the pages' security headers")
    func securityHeaders() async throws {
        try await withPageShop { shop in
            let response = try await refuse("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", on: shop)
            #expect(response.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        }
    }
}
