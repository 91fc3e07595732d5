import Foundation
@testable import Storefront
import TestSupport
import Testing

@Suite("The shop serves /media/ from media.directory")
struct MediaRouteTests {
    @Test("a stored image is served ahead of the session, cached for a year; other names under /media/ are 404")
    func served() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let png = ImageFixtures.png(width: 4, height: 3)
        let name = SecureToken.hex(of: SHA256.hash(png)) + ".png"
        try Data(png).write(to: URL(fileURLWithPath: directory + "/" + name))
        try await withPageShop(configure: { $0.media.directory = directory }) { shop in
            let image = try await TestHTTPClient.request(port: shop.port, "GET", "/media/" + name)
            #expect(image.status == 200)
            #expect(image.body == png)
            #expect(image.headers["Content-Type"] == "image/png")
            #expect(image.headers["Cache-Control"] == "public, max-age=31536000, immutable")
            #expect(image.headers["Set-Cookie"] == nil)
            #expect(image.headers["X-Content-Type-Options"] == "nosniff")
            for path in ["/media/../x", "/media/" + name.dropLast(4) + ".jpg", "/media/x.png"] {
                let response = try await TestHTTPClient.request(port: shop.port, "GET", path)
                #expect(response.status == 404 || response.status == 400, "\(path)")
            }
        }
    }
}
