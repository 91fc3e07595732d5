import Foundation
@testable import Storefront
import Testing

@Suite("storefront.json: media")
struct MediaConfigTests {
    private func decode(_ json: String) throws(ConfigError) -> StorefrontConfig {
        let config = try ConfigLoader.decode(Data(json.utf8), source: "storefront.json")
        try ConfigLoader.validate(config, source: "storefront.json")
        return config
    }

    private func problemKey(_ json: String) -> String? {
        do { _ = try decode(json); return nil } catch { return error.keyPath }
    }

    @Test("by default images go to var/media, 5 MB a file and 26 MB an upload")
    func defaults() throws {
        let media = try decode("{}").media
        #expect(media.directory == "var/media")
        #expect(media.maxUploadBytes == 5 * 1024 * 1024)
        #expect(media.maxRequestBytes == 26 * 1024 * 1024)
    }

    @Test("media.directory, media.maxUploadBytes and media.maxRequestBytes are read")
    func read() throws {
        let media = try decode(#"{"media": {"directory": "/srv/shop/media", "maxUploadBytes": 1000, "maxRequestBytes": 5000}}"#).media
        #expect(media == { var m = MediaSection(); m.directory = "/srv/shop/media"; m.maxUploadBytes = 1000; m.maxRequestBytes = 5000; return m }())
    }

    @Test("bad media values are refused naming the key", arguments: [
        (#"{"media": {"maxUploadBytes": 0}}"#, "media.maxUploadBytes"),
        (#"{"media": {"maxUploadBytes": "5MB"}}"#, "media.maxUploadBytes"),
        (#"{"media": {"maxUploadBytes": 100, "maxRequestBytes": 99}}"#, "media.maxRequestBytes"),
        (#"{"media": {"directory": ""}}"#, "media.directory"),
        (#"{"media": {"dir": "x"}}"#, "media.dir"),
    ])
    func refused(_ json: String, _ key: String) {
        #expect(problemKey(json) == key)
    }
}
