@testable import Storefront

/// Minimal image headers written byte by byte, as each format's specification lays them out.
enum ImageFixtures {
    static func be(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func le(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// Signature, IHDR (8-bit RGBA) with its CRC, and an IEND.
    static func png(width: Int, height: Int) -> [UInt8] {
        let ihdr = Array("IHDR".utf8) + be(width, 4) + be(height, 4) + [8, 6, 0, 0, 0]
        let iend = Array("IEND".utf8)
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13, 4) + ihdr + be(Int(CRC32.checksum(ihdr)), 4)
            + be(0, 4) + iend + be(Int(CRC32.checksum(iend)), 4)
    }

    /// SOI, an APP0 (JFIF) segment, a comment, fill bytes, a frame header (SOF0, or `sof`), a scan, EOI.
    static func jpeg(width: Int, height: Int, sof: UInt8 = 0xC0) -> [UInt8] {
        let app0: [UInt8] = [0xFF, 0xE0] + be(16, 2) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let comment: [UInt8] = [0xFF, 0xFE] + be(2 + 5, 2) + Array("hello".utf8)
        let frame: [UInt8] = [0xFF, 0xFF, 0xFF, sof] + be(17, 2) + [8] + be(height, 2) + be(width, 2)
            + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        let scan: [UInt8] = [0xFF, 0xDA] + be(12, 2) + [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0] + [0x12, 0x34]
        return [0xFF, 0xD8] + app0 + comment + frame + scan + [0xFF, 0xD9]
    }

    private static func riff(_ chunk: String, _ data: [UInt8]) -> [UInt8] {
        let padded = data.count % 2 == 1 ? data + [0] : data
        let body = Array("WEBP".utf8) + Array(chunk.utf8) + le(data.count, 4) + padded
        return Array("RIFF".utf8) + le(body.count, 4) + body
    }

    /// A lossy WebP: a VP8 key frame's tag, start code and 14-bit sizes.
    static func webpLossy(width: Int, height: Int) -> [UInt8] {
        riff("VP8 ", [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A] + le(width, 2) + le(height, 2) + [0, 0, 0, 0])
    }

    /// A lossless WebP: the VP8L signature and the 14-bit sizes less one.
    static func webpLossless(width: Int, height: Int) -> [UInt8] {
        riff("VP8L", [0x2F] + le((width - 1) | (height - 1) << 14, 4) + [0, 0])
    }

    /// An extended WebP: VP8X flags and the 24-bit canvas sizes less one, then a lossless image.
    static func webpExtended(width: Int, height: Int) -> [UInt8] {
        let vp8x: [UInt8] = [0x10, 0, 0, 0] + le(width - 1, 3) + le(height - 1, 3)
        let body = Array("WEBP".utf8) + Array("VP8X".utf8) + le(10, 4) + vp8x
        return Array("RIFF".utf8) + le(body.count, 4) + body
    }
}
