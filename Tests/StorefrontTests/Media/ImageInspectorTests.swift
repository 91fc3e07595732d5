@testable import Storefront
import Testing

@Suite("Image formats and sizes read from the file's own header")
struct ImageInspectorTests {
    @Test("JPEG, PNG and WebP (VP8, VP8L, VP8X) widths and heights are read right", arguments: [
        (ImageFixtures.png(width: 640, height: 480), ImageInfo(format: .png, width: 640, height: 480)),
        (ImageFixtures.png(width: 1, height: 70_000), ImageInfo(format: .png, width: 1, height: 70_000)),
        (ImageFixtures.jpeg(width: 1024, height: 768), ImageInfo(format: .jpeg, width: 1024, height: 768)),
        (ImageFixtures.jpeg(width: 300, height: 65_535, sof: 0xC2), ImageInfo(format: .jpeg, width: 300, height: 65_535)),
        (ImageFixtures.webpLossy(width: 800, height: 600), ImageInfo(format: .webp, width: 800, height: 600)),
        (ImageFixtures.webpLossless(width: 16_384, height: 3), ImageInfo(format: .webp, width: 16_384, height: 3)),
        (ImageFixtures.webpExtended(width: 5_000, height: 20_000), ImageInfo(format: .webp, width: 5_000, height: 20_000)),
    ])
    func sizes(_ bytes: [UInt8], _ expected: ImageInfo) throws {
        #expect(try ImageInspector.inspect(bytes) == expected)
    }

    @Test("files that are not JPEG, PNG or WebP are refused whatever they are called", arguments: [
        Array("#!/bin/sh\nrm -rf /\n".utf8),
        Array("<script>alert(1)</script>".utf8),
        Array("GIF89a\u{1}\0\u{1}\0\0\0\0".utf8),
        Array("%PDF-1.7\n%âãÏÓ\n".utf8),
        Array("RIFF\u{4}\0\0\0WAVEfmt ".utf8),
        [],
    ])
    func notAnImage(_ bytes: [UInt8]) {
        #expect(throws: ImageError.unsupportedFormat) { try ImageInspector.inspect(bytes) }
    }

    @Test("a PNG cut anywhere inside its header is refused as truncated")
    func truncatedPNG() {
        let png = ImageFixtures.png(width: 10, height: 10)
        for length in 1..<33 {
            #expect(throws: ImageError.truncated, "\(length) bytes") { try ImageInspector.inspect(Array(png.prefix(length))) }
        }
    }

    @Test("a JPEG cut before its frame header and a WebP shorter than its RIFF size are refused as truncated")
    func truncatedJPEGAndWebP() {
        let jpeg = ImageFixtures.jpeg(width: 10, height: 10)
        for length in [2, 3, 5, 12, 30, 40] {
            #expect(throws: ImageError.truncated, "\(length) bytes") { try ImageInspector.inspect(Array(jpeg.prefix(length))) }
        }
        let webp = ImageFixtures.webpLossy(width: 10, height: 10)
        #expect(throws: ImageError.truncated) { try ImageInspector.inspect(Array(webp.dropLast(2))) }
    }

    @Test("damaged headers are refused: a bad IHDR CRC, a zero size, a scan before any frame, a VP8 without start code")
    func damaged() {
        var badCRC = ImageFixtures.png(width: 10, height: 10)
        badCRC[17] ^= 1
        var noStartCode = ImageFixtures.webpLossy(width: 10, height: 10)
        noStartCode[23] = 0
        let scanFirst: [UInt8] = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08] + [UInt8](repeating: 0, count: 40)
        for bytes in [badCRC, ImageFixtures.png(width: 0, height: 10), ImageFixtures.jpeg(width: 0, height: 1), scanFirst, noStartCode,
                      ImageFixtures.webpLossless(width: 10, height: 10).enumerated().map { $0.offset == 20 ? 0x2E : $0.element }] {
            #expect {
                try ImageInspector.inspect(bytes)
            } throws: { error in
                guard let error = error as? ImageError, case .malformed = error else { return false }
                return true
            }
        }
    }

    @Test("a JPEG whose segments never reach a frame header is given up after a bounded walk")
    func boundedJPEGWalk() {
        let comment: [UInt8] = [0xFF, 0xFE, 0x00, 0x02]
        let endless = [0xFF, 0xD8] + Array([[UInt8]](repeating: comment, count: ImageInspector.maxJPEGSegments + 10).joined())
        #expect(throws: ImageError.malformed("no frame header within \(ImageInspector.maxJPEGSegments) segments")) {
            try ImageInspector.inspect(endless)
        }
    }
}
