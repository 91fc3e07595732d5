@testable import HTTP
import Synchronization
import TestSupport
import Testing

/// An upload route over the real server: its handler reads the body with `MultipartReader` and answers with
/// each part's name and content size, or with the reader's error.
private final class UploadRoute: Sendable {
    private let calls = Atomic<Int>(0)
    private let lastError = Mutex<MultipartError?>(nil)
    var handled: Int { calls.load(ordering: .relaxed) }
    var error: MultipartError? { lastError.withLock { $0 } }

    func router(streamingUpTo limit: Int, limits: MultipartLimits = MultipartLimits()) -> Router {
        var router = Router()
        router.on(.POST, "/upload", streamingBodyUpTo: limit) { [self] request in
            calls.add(1, ordering: .relaxed)
            do throws(MultipartError) {
                var reader = try MultipartReader(request: request, limits: limits)
                var summary: [String] = []
                var size = 0
                while let event = try await reader.next() {
                    switch event {
                    case .partStarted(let head): summary.append(head.name); size = 0
                    case .partData(let bytes): size += bytes.count
                    case .partEnded: summary[summary.count - 1] += "=\(size)"
                    }
                }
                return .text(summary.joined(separator: ","))
            } catch {
                lastError.withLock { $0 = error }
                throw error.httpError
            }
        }
        router.post("/form") { request in .text("\(request.body.count)") }
        router.post("/early") { _ in .text("no thanks") }
        return router
    }
}

private func server(_ router: Router, maxBodyBytes: Int = 1024) throws -> ServerFixture {
    var configuration = ServerConfiguration(port: 0, eventLoops: 1, maxBodyBytes: maxBodyBytes)
    configuration.streamedBodyLimit = router.streamedBodyLimit
    return try ServerFixture(configuration: configuration, handler: router.handler)
}

private func uploadBody(fileBytes: Int) -> [UInt8] {
    Array("--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n상품\r\n--XyZ\r\n".utf8)
        + Array("Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\n".utf8)
        + [UInt8](repeating: 0x5A, count: fileBytes) + Array("\r\n--XyZ--\r\n".utf8)
}

private let multipartType = ("Content-Type", "multipart/form-data; boundary=XyZ")

@Suite("Streamed upload bodies through the server")
struct MultipartStreamingTests {
    @Test("an upload route reads a body far over maxBodyBytes as it arrives; other routes still refuse it with 413")
    func streamsOverTheBufferedLimit() async throws {
        let route = UploadRoute()
        let fixture = try server(route.router(streamingUpTo: 4 << 20))
        let body = uploadBody(fileBytes: 3 << 20)
        let response = try await TestHTTPClient.request(port: fixture.port, "POST", "/upload", headers: [multipartType], body: body)
        #expect(response.status == 200)
        #expect(response.text == "title=6,image=\(3 << 20)")
        let buffered = try await TestHTTPClient.request(port: fixture.port, "POST", "/form", body: body)
        #expect(buffered.status == 413)
        await fixture.stop()
    }

    @Test("a Content-Length over the streamed limit is refused with 413 before the handler runs")
    func declaredTooLarge() async throws {
        let route = UploadRoute()
        let fixture = try server(route.router(streamingUpTo: 64 * 1024))
        let client = try fixture.client()
        try await client.send(TestHTTPClient.encode("POST", "/upload", headers: [multipartType, ("Content-Length", "70000")]))
        let response = try await client.readResponse()
        #expect(response.status == 413)
        #expect(route.handled == 0)
        await fixture.stop()
    }

    @Test("a chunked body that grows over the streamed limit: the handler answers 413 in Korean and the connection closes")
    func chunkedTooLarge() async throws {
        let route = UploadRoute()
        let fixture = try server(route.router(streamingUpTo: 64 * 1024))
        let client = try fixture.client()
        let body = uploadBody(fileBytes: 100 * 1024)
        let head = TestHTTPClient.encode("POST", "/upload", headers: [multipartType, ("Transfer-Encoding", "chunked")])
        let chunked = Array(String(body.count, radix: 16).utf8) + Array("\r\n".utf8) + body + Array("\r\n0\r\n\r\n".utf8)
        try await client.send(head + chunked)
        let response = try await client.readResponse()
        #expect(response.status == 413)
        #expect(response.text.contains("업로드 전체 크기"))
        #expect(await client.waitForClose())
        await fixture.stop()
    }

    @Test("a client that stops sending mid-upload: the handler's reader reports the upload cut off")
    func cutOffMidUpload() async throws {
        let route = UploadRoute()
        let fixture = try server(route.router(streamingUpTo: 4 << 20))
        let client = try fixture.client()
        let body = uploadBody(fileBytes: 200 * 1024)
        try await client.send(TestHTTPClient.encode("POST", "/upload", headers: [multipartType], body: body).dropLast(50_000).map { $0 })
        client.finishSending()
        #expect(await eventually { route.error == .missingFinalBoundary })
        await fixture.stop()
    }

    @Test("after a streamed upload the same connection serves the next request")
    func keepAliveAfterUpload() async throws {
        let route = UploadRoute()
        let fixture = try server(route.router(streamingUpTo: 4 << 20))
        let client = try fixture.client()
        let first = try await client.request("POST", "/upload", headers: [multipartType], body: uploadBody(fileBytes: 500 * 1024))
        #expect(first.status == 200)
        let second = try await client.request("POST", "/upload", headers: [multipartType], body: uploadBody(fileBytes: 10))
        #expect(second.text == "title=6,image=10")
        await fixture.stop()
    }

    @Test("an upload answered before its body was read closes the connection instead of reading the rest as a request")
    func answeredEarly() async throws {
        var router = UploadRoute().router(streamingUpTo: 4 << 20)
        router.on(.POST, "/refuse", streamingBodyUpTo: 4 << 20) { _ in .text("refused", status: .forbidden) }
        let fixture = try server(router)
        let client = try fixture.client()
        try await client.send(TestHTTPClient.encode("POST", "/refuse", headers: [multipartType, ("Content-Length", "300000")]))
        let response = try await client.readResponse()
        #expect(response.status == 403)
        #expect(response.headers["Connection"] == "close")
        await fixture.stop()
    }

    @Test("a route that streams yields to a more specific route that does not, for the body limit too")
    func specificRouteReadsWhole() async throws {
        var router = Router()
        router.on(.POST, "/items/:id/images", streamingBodyUpTo: 1 << 20) { request in .text("stream \(request.bodyStream != nil)") }
        router.post("/items/new/images") { request in .text("whole \(request.body.count)") }
        let limit = router.streamedBodyLimit
        let probe = { (path: String) in limit(Request(method: .POST, target: path, path: path, rawQuery: "")) }
        #expect(probe("/items/7/images") == 1 << 20)
        #expect(probe("/items/new/images") == nil)
        #expect(probe("/other") == nil)
        let fixture = try server(router)
        let streamed = try await TestHTTPClient.request(port: fixture.port, "POST", "/items/7/images", body: [1, 2, 3])
        let whole = try await TestHTTPClient.request(port: fixture.port, "POST", "/items/new/images", body: [1, 2, 3])
        #expect(streamed.text == "stream true")
        #expect(whole.text == "whole 3")
        await fixture.stop()
    }

    @Test("a handler that has not read its body holds at most the stream's capacity and one read of it; the rest waits in the socket")
    func readBackPressure() async throws {
        let gate = Gate()
        let seen = Mutex<RequestBodyStream?>(nil)
        var router = Router()
        router.on(.POST, "/slow", streamingBodyUpTo: 64 << 20) { request in
            seen.withLock { $0 = request.bodyStream }
            await gate.pass()
            var total = 0
            try await request.readBody { total += $0.count }
            return .text("\(total)")
        }
        let fixture = try server(router)
        let size = 32 << 20, port = fixture.port
        let upload = Task {
            let client = try TestHTTPClient(port: port)
            try await client.send(TestHTTPClient.encode("POST", "/slow", headers: [("Content-Length", "\(size)")])
                + [UInt8](repeating: 7, count: size))
            return try await client.readResponse().text
        }
        #expect(await eventually { seen.withLock { $0?.isProducerHeld ?? false } })
        let stream = try #require(seen.withLock { $0 })
        gate.open()
        #expect(try await upload.value == "\(size)")
        #expect(stream.peakBufferedBytes <= EventLoop.streamedBodyCapacity + 64 * 1024)
        await fixture.stop()
    }
}
