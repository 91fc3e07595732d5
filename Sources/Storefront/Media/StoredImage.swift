/// An image kept under the media folder: named by the SHA-256 of its bytes, so one content has one name, a
/// name never changes meaning, and the file can be cached forever.
struct StoredImage: Sendable, Equatable {
    /// `<64 hex digits>.<jpg|png|webp>`.
    let fileName: String
    let info: ImageInfo
    let byteCount: Int

    /// Where the shop serves it: `/media/<fileName>`.
    var url: String { "/media/" + fileName }

    /// The hash and format of a stored file's name, or nil for any other name (the only names `/media/` serves).
    static func parse(fileName: some StringProtocol) -> (hash: String, format: ImageFormat)? {
        let parts = fileName.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 64,
              parts[0].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              let format = ImageFormat(fileExtension: parts[1]) else { return nil }
        return (String(parts[0]), format)
    }
}
