/// The image formats the shop stores: decided by the file's own first bytes, never by the name or the
/// Content-Type a browser sent.
enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp

    /// The extension a stored file gets (`/media/<sha256>.jpg`).
    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }

    var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        }
    }

    /// The format a file's first bytes announce (12 are enough), before its header is read.
    static func sniff(_ first: [UInt8]) -> ImageFormat? {
        if first.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if first.starts(with: pngSignature) { return .png }
        if first.count >= 12, first.starts(with: Array("RIFF".utf8)), Array(first[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    init?(fileExtension: some StringProtocol) {
        guard let format = Self.allCases.first(where: { $0.fileExtension == fileExtension }) else { return nil }
        self = format
    }
}

/// What an image's header says: its format and its size in pixels (for `<img width height>`).
struct ImageInfo: Sendable, Equatable {
    let format: ImageFormat
    let width: Int
    let height: Int
}

/// Why a file is not an image the shop stores. A person reads `message` (Korean) on the upload form.
enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first bytes are not JPEG, PNG or WebP (a script renamed .png, a GIF, a PDF…).
    case unsupportedFormat
    /// The file ends before its header does.
    case truncated
    /// The header is there but breaks its format (a bad checksum, a zero size, no frame header).
    case malformed(String)

    var message: String {
        switch self {
        case .unsupportedFormat: "JPEG, PNG, WebP 이미지만 올릴 수 있습니다."
        case .truncated, .malformed: "이미지 파일이 손상되었거나 완전하지 않습니다."
        }
    }

    var description: String {
        switch self {
        case .unsupportedFormat: "not a JPEG, PNG or WebP file"
        case .truncated: "the image header is truncated"
        case .malformed(let reason): "malformed image header: \(reason)"
        }
    }
}

/// Reads an image's format and pixel size from its header, touching only the bytes it needs: the first 33 of
/// a PNG (signature and IHDR, whose CRC is checked), the first 30 of a WebP (RIFF header and its first chunk:
/// VP8, VP8L or VP8X), and a JPEG's marker segments up to its SOFn frame header, walked by their lengths and
/// given up after `maxJPEGSegments`, so no file costs more than a few small reads.
enum ImageInspector {
    /// A JPEG whose frame header is not among its first this many segments is refused.
    static let maxJPEGSegments = 256

    /// Inspects a file of `size` bytes; `read(offset, count)` returns up to `count` bytes from `offset`
    /// (fewer only at the end of the file).
    static func inspect(size: Int, read: (Int, Int) -> [UInt8]) throws(ImageError) -> ImageInfo {
        let head = read(0, 33)
        switch ImageFormat.sniff(head) {
        case .jpeg: return try jpeg(size: size, read: read)
        case .png: return try png(head)
        case .webp: return try webp(Array(head.prefix(30)), size: size)
        case nil: break
        }
        // A file shorter than any header that begins like one of ours was cut off; anything else is not ours.
        let signatures: [[UInt8]] = [[0xFF, 0xD8, 0xFF], ImageFormat.pngSignature, Array("RIFF".utf8)]
        if !head.isEmpty, head.count < 12, signatures.contains(where: { $0.starts(with: head) || head.starts(with: $0) }) {
            throw .truncated
        }
        throw .unsupportedFormat
    }

    /// Inspects bytes in memory.
    static func inspect(_ bytes: [UInt8]) throws(ImageError) -> ImageInfo {
        try inspect(size: bytes.count) { offset, count in
            guard offset < bytes.count else { return [] }
            return Array(bytes[offset..<min(bytes.count, offset + count)])
        }
    }

    // MARK: PNG (ISO/IEC 15948 §5.2–5.3, §11.2.2)

    private static func png(_ bytes: [UInt8]) throws(ImageError) -> ImageInfo {
        guard bytes.count >= 33 else { throw .truncated }
        guard bigEndian(bytes, 8, 4) == 13, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw .malformed("the first PNG chunk is not a 13-byte IHDR")
        }
        guard CRC32.checksum(bytes[12..<29]) == UInt32(bigEndian(bytes, 29, 4)) else { throw .malformed("IHDR CRC mismatch") }
        return try sized(.png, width: bigEndian(bytes, 16, 4), height: bigEndian(bytes, 20, 4), max: Int(Int32.max))
    }

    // MARK: WebP (RFC 9649 §2.5–2.7)

    private static func webp(_ bytes: [UInt8], size: Int) throws(ImageError) -> ImageInfo {
        guard bytes.count >= 20 else { throw .truncated }
        let riffSize = littleEndian(bytes, 4, 4), chunkSize = littleEndian(bytes, 16, 4)
        // The RIFF size counts from byte 8; a file shorter than it says was cut off (trailing data is allowed).
        guard riffSize + 8 <= size else { throw .truncated }
        guard chunkSize + 20 <= riffSize + 8 else { throw .malformed("the first chunk overruns the RIFF size") }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            guard bytes.count >= 30, chunkSize >= 10 else { throw .truncated }
            // A key frame (bit 0 of the frame tag clear) carries the start code and the 14-bit sizes.
            guard bytes[20] & 1 == 0, Array(bytes[23..<26]) == [0x9D, 0x01, 0x2A] else {
                throw .malformed("no VP8 key frame start code")
            }
            return try sized(.webp, width: littleEndian(bytes, 26, 2) & 0x3FFF, height: littleEndian(bytes, 28, 2) & 0x3FFF,
                             max: 0x3FFF)
        case "VP8L":
            guard bytes.count >= 25, chunkSize >= 5 else { throw .truncated }
            guard bytes[20] == 0x2F else { throw .malformed("no VP8L signature") }
            let bits = littleEndian(bytes, 21, 4)
            guard bits >> 29 == 0 else { throw .malformed("an unknown VP8L version") }
            return try sized(.webp, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1, max: 0x4000)
        case "VP8X":
            guard bytes.count >= 30, chunkSize >= 10 else { throw .truncated }
            return try sized(.webp, width: littleEndian(bytes, 24, 3) + 1, height: littleEndian(bytes, 27, 3) + 1, max: 1 << 24)
        default:
            throw .malformed("the first WebP chunk is not VP8, VP8L or VP8X")
        }
    }

    // MARK: JPEG (ITU T.81 §B.1.1.2–B.2.2)

    private static func jpeg(size: Int, read: (Int, Int) -> [UInt8]) throws(ImageError) -> ImageInfo {
        var offset = 2
        for _ in 0..<maxJPEGSegments {
            let bytes = read(offset, 16)
            guard bytes.first == 0xFF else { throw bytes.isEmpty ? .truncated : .malformed("no marker where a segment should start") }
            // Any marker may be preceded by fill bytes (0xFF).
            var index = 0
            while index < bytes.count && bytes[index] == 0xFF { index += 1 }
            guard index < bytes.count else {
                if bytes.count < 16 { throw .truncated }
                offset += index
                continue
            }
            let marker = bytes[index]
            switch marker {
            case 0x01, 0xD0...0xD7:
                offset += index + 1
                continue
            case 0x00, 0xD8, 0xD9, 0xDA:
                throw .malformed("no frame header before the scan or the end")
            default:
                break
            }
            guard index + 2 < bytes.count else { throw .truncated }
            let length = bigEndian(bytes, index + 1, 2)
            guard length >= 2 else { throw .malformed("a segment shorter than its length field") }
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard length >= 8 else { throw .malformed("a short frame header") }
                guard index + 8 < bytes.count else { throw .truncated }
                return try sized(.jpeg, width: bigEndian(bytes, index + 6, 2), height: bigEndian(bytes, index + 4, 2), max: 0xFFFF)
            }
            offset += index + 1 + length
            guard offset < size else { throw .truncated }
        }
        throw .malformed("no frame header within \(maxJPEGSegments) segments")
    }

    // MARK: Helpers

    private static func sized(_ format: ImageFormat, width: Int, height: Int, max: Int) throws(ImageError) -> ImageInfo {
        guard (1...max).contains(width), (1...max).contains(height) else { throw .malformed("a width or height of 0 or out of range") }
        return ImageInfo(format: format, width: width, height: height)
    }

    private static func bigEndian(_ bytes: [UInt8], _ at: Int, _ count: Int) -> Int {
        bytes[at..<at + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ bytes: [UInt8], _ at: Int, _ count: Int) -> Int {
        bytes[at..<at + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}

/// CRC-32 as PNG computes it (ISO 3309, reflected polynomial 0xEDB88320), for checking an IHDR chunk.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
