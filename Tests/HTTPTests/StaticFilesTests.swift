import Foundation
import HTTP
import TestSupport
import Testing

/// A Public/ folder built in a temporary directory, with a secret beside it and a symlink pointing out.
struct PublicFolder {
    let base: String
    let root: String

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("static-\(UUID().uuidString)").path
        root = base + "/public"
        let files = FileManager.default
        try files.createDirectory(atPath: root + "/css", withIntermediateDirectories: true)
        try Data("body { color: red }".utf8).write(to: URL(fileURLWithPath: root + "/css/site.css"))
        try Data("hello".utf8).write(to: URL(fileURLWithPath: root + "/hello.txt"))
        try Data("hidden".utf8).write(to: URL(fileURLWithPath: root + "/.env"))
        try Data("top secret".utf8).write(to: URL(fileURLWithPath: base + "/secret.txt"))
        try files.createSymbolicLink(atPath: root + "/escape.txt", withDestinationPath: base + "/secret.txt")
        try files.createSymbolicLink(atPath: root + "/inside.txt", withDestinationPath: root + "/hello.txt")
    }

    func remove() { try? FileManager.default.removeItem(atPath: base) }
}

@Suite("Static files")
struct StaticFilesTests {
    func withServer(_ body: (Int) async throws -> Void) async throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        var router = Router()
        router.get("/public/*", StaticFiles(root: folder.root, maxAge: 600).handler)
        let fixture = try ServerFixture(handler: router.handler)
        try await body(fixture.port)
        await fixture.stop()
    }

    @Test("a file is served with its content type and caching headers")
    func servesFile() async throws {
        try await withServer { port in
            let response = try await TestHTTPClient.request(port: port, "GET", "/public/css/site.css")
            #expect(response.status == 200)
            #expect(response.text == "body { color: red }")
            #expect(response.headers["Content-Type"] == "text/css; charset=utf-8")
            #expect(response.headers["Cache-Control"] == "public, max-age=600")
            #expect(response.headers["ETag"] != nil)
            #expect(response.headers["Last-Modified"]?.hasSuffix("GMT") == true)
        }
    }

    @Test("a file asked for with an absolute-form target is served as with its path")
    func absoluteFormTarget() async throws {
        try await withServer { port in
            let response = try await TestHTTPClient.request(port: port, "GET", "http://shop/public/css/site.css")
            #expect(response.status == 200)
            #expect(response.text == "body { color: red }")
        }
    }

    @Test("a matching If-None-Match is answered 304 without a body")
    func etagRevalidation() async throws {
        try await withServer { port in
            let first = try await TestHTTPClient.request(port: port, "GET", "/public/hello.txt")
            let etag = try #require(first.headers["ETag"])
            let second = try await TestHTTPClient.request(port: port, "GET", "/public/hello.txt",
                                                          headers: [("If-None-Match", etag)])
            #expect(second.status == 304)
            #expect(second.body.isEmpty)
            #expect(second.headers["ETag"] == etag)
        }
    }

    @Test("an If-Modified-Since at or after the modification time is answered 304")
    func modifiedSince() async throws {
        try await withServer { port in
            let first = try await TestHTTPClient.request(port: port, "GET", "/public/hello.txt")
            let modified = try #require(first.headers["Last-Modified"])
            let second = try await TestHTTPClient.request(port: port, "GET", "/public/hello.txt",
                                                          headers: [("If-Modified-Since", modified)])
            #expect(second.status == 304)
            let old = try await TestHTTPClient.request(port: port, "GET", "/public/hello.txt",
                                                       headers: [("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")])
            #expect(old.status == 200)
        }
    }

    @Test("HEAD gives the headers and length without the body")
    func head() async throws {
        try await withServer { port in
            let response = try await TestHTTPClient.request(port: port, "HEAD", "/public/hello.txt")
            #expect(response.status == 200)
            #expect(response.headers["Content-Length"] == "5")
            #expect(response.body.isEmpty)
        }
    }

    @Test("a symlink that stays inside the root is served")
    func insideSymlink() async throws {
        try await withServer { port in
            let response = try await TestHTTPClient.request(port: port, "GET", "/public/inside.txt")
            #expect(response.text == "hello")
        }
    }

    @Test("no request reaches outside the root", arguments: [
        "/public/../secret.txt", "/public/%2e%2e/secret.txt", "/public/%2E%2E/secret.txt", "/public/css/../../secret.txt",
        "/public/..%2fsecret.txt", "/public/..%2Fsecret.txt", "/public/..%5csecret.txt", "/public/hello.txt%00.css",
        "/public/escape.txt", "/public/.env", "/public/css", "/public/", "/public/missing.txt", "/public//etc/passwd",
        "/public/%252e%252e/secret.txt",
    ])
    func traversal(path: String) async throws {
        try await withServer { port in
            let response = try await TestHTTPClient.request(port: port, "GET", path)
            #expect(response.status == 404 || response.status == 400)
            #expect(!response.text.contains("top secret"))
        }
    }
}
