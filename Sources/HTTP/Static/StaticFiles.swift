import Dispatch
import Glibc

/// Serves files under `root` at `urlPrefix` (`/public/css/site.css` → `root/css/site.css`) for GET and HEAD,
/// with a Content-Type from the extension, `ETag` and `Last-Modified` (answering `304` to a matching
/// `If-None-Match` or `If-Modified-Since`) and `Cache-Control: public, max-age=…`.
///
/// Guarantee: nothing outside `root` is ever served. Encoded slashes or backslashes, NUL, `.`/`..` segments
/// and dot-files are refused before touching the disk, and the resolved real path (after symlinks) must still
/// be inside the real root; every refusal is a plain 404 so probing learns nothing. Files are read on a
/// Dispatch queue, never on an event loop or the cooperative pool.
public struct StaticFiles: Sendable {
    private let root: String
    private let urlPrefix: String
    private let maxAge: Int

    public init(root: String, urlPrefix: String = "/public", maxAge: Int = 3600) {
        self.root = Self.realPath(root) ?? root
        var prefix = urlPrefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.urlPrefix = prefix
        self.maxAge = maxAge
    }

    /// Answers requests for files under the prefix; mount it with `router.get("/public/*", files.handler)`.
    public var handler: Handler {
        let files = self
        return { request in
            guard request.method == .GET || request.method == .HEAD else {
                return Response(status: .methodNotAllowed, headers: ["Allow": "GET, HEAD"])
            }
            guard let relative = files.relativePath(forTarget: request.target) else { return Response(status: .notFound) }
            return await files.read(relative, request: request)
        }
    }

    /// The decoded path below the prefix, or nil for anything that could step outside the root.
    func relativePath(forTarget target: String) -> String? {
        var raw = Substring(target)
        if let cut = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) { raw = raw[..<cut] }
        guard raw.hasPrefix(urlPrefix + "/") else { return nil }
        raw = raw.dropFirst(urlPrefix.count + 1)
        let lowered = raw.lowercased()
        // An encoded separator or NUL would change which segments exist after decoding.
        guard !lowered.contains("%2f"), !lowered.contains("%5c"), !lowered.contains("%00"), !raw.contains("\\") else {
            return nil
        }
        guard let decoded = PercentDecoding.decodeString(raw.utf8, plusAsSpace: false), !decoded.utf8.contains(0) else {
            return nil
        }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else { return nil }
        return decoded
    }

    private func read(_ relative: String, request: Request) async -> Response {
        let root = self.root, maxAge = self.maxAge
        let ifNoneMatch = request.headers["If-None-Match"], ifModifiedSince = request.headers["If-Modified-Since"]
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Self.load(
                    root: root, relative: relative, maxAge: maxAge, ifNoneMatch: ifNoneMatch,
                    ifModifiedSince: ifModifiedSince))
            }
        }
    }

    private static func load(root: String, relative: String, maxAge: Int, ifNoneMatch: String?,
                             ifModifiedSince: String?) -> Response {
        guard let real = realPath(root + "/" + relative), real.hasPrefix(root + "/") else { return Response(status: .notFound) }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return Response(status: .notFound) }
        let size = Int(info.st_size), modified = Int(info.st_mtim.tv_sec)
        let etag = "\"\(String(size, radix: 16))-\(String(modified, radix: 16))-\(String(Int(info.st_mtim.tv_nsec), radix: 16))\""
        let headers: HTTPHeaders = [
            "Content-Type": MediaTypes.forPath(real),
            "ETag": etag,
            "Last-Modified": HTTPDate.format(modified),
            "Cache-Control": "public, max-age=\(maxAge)",
        ]
        // RFC 9110 §13.1.3: If-Modified-Since only counts when If-None-Match is absent.
        if let ifNoneMatch {
            let tags = ifNoneMatch.split(separator: ",").map { $0.trimmingSpaces() }
            if tags.contains("*") || tags.contains(where: { $0 == etag || $0 == "W/" + etag }) {
                return Response(status: .notModified, headers: headers)
            }
        } else if let ifModifiedSince, let since = HTTPDate.parse(ifModifiedSince), modified <= since {
            return Response(status: .notModified, headers: headers)
        }
        guard let bytes = readFile(real, size: size) else { return Response(status: .notFound) }
        return Response(status: .ok, headers: headers, body: bytes)
    }

    private static func readFile(_ path: String, size: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress.map { $0 + filled }, size - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            filled += count
        }
        return bytes
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
