import Foundation
import Glibc
import HTTP

/// Serves stored images at `/media/<sha256>.<jpg|png|webp>` ahead of the session and the routes.
///
/// A name is content, so an answer never changes: `Cache-Control: public, max-age=31536000, immutable`, a strong
/// `ETag` that is the hash itself, and `304 Not Modified` for a matching `If-None-Match` (or `*`). The
/// Content-Type comes from the extension, which the store chose from the file's bytes. Path traversal is
/// impossible by construction: the only names served are 64 lowercase hex digits, a dot and one of three
/// extensions, joined to the media folder; anything else under `/media/` (`..`, slashes, encoded bytes,
/// upper case, temporary `.upload-` files) is a plain 404 before the disk is touched.
struct MediaFiles: Middleware {
    static let prefix = "/media/"
    static let cacheControl = "public, max-age=31536000, immutable"

    let directory: String

    func handle(_ request: Request, next: Handler) async throws -> Response {
        guard request.path.hasPrefix(Self.prefix) else { return try await next(request) }
        guard request.method == .GET || request.method == .HEAD else {
            return Response(status: .methodNotAllowed, headers: ["Allow": "GET, HEAD"])
        }
        let name = request.path.dropFirst(Self.prefix.count)
        guard let (hash, format) = StoredImage.parse(fileName: name) else { return Response(status: .notFound) }
        let path = directory + "/" + name
        let etag = "\"\(hash)\""
        let headers: HTTPHeaders = ["Content-Type": format.contentType, "ETag": etag, "Cache-Control": Self.cacheControl]
        let notModified = request.headers["If-None-Match"].map { field in
            field.split(separator: ",").contains { tag in
                let tag = tag.trimmingCharacters(in: .whitespaces)
                return tag == "*" || tag == etag || tag == "W/" + etag
            }
        } ?? false
        guard let body = await BlockingWork.run({ Self.read(path, headOnly: notModified) }) else {
            return Response(status: .notFound)
        }
        return Response(status: notModified ? .notModified : .ok, headers: headers, body: notModified ? [] : body)
    }

    /// The file's bytes (none when `headOnly`, after checking it exists), or nil when it is not a regular file.
    private static func read(_ path: String, headOnly: Bool) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        if headOnly { return [] }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress.map { $0 + filled }, size - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            filled += count
        }
        return bytes
    }
}
