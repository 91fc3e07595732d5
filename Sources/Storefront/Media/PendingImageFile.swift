import Foundation
import Glibc
import Synchronization

/// One uploaded file on its way into the media folder: written chunk by chunk to a hidden temporary file in
/// that folder (`.upload-<random>`, never a name `/media/` serves) while its SHA-256 is computed, then either
/// renamed to `<sha256>.<ext>` in one step (`rename(2)` within one folder is atomic: a reader sees the whole
/// file or none) or removed. Every call does its file work on a Dispatch queue, off the event loops and the
/// cooperative pool; calls are made one after another by the upload's task, and the state sits behind a Mutex.
final class PendingImageFile: Sendable {
    private struct State {
        var fd: Int32
        var hasher = SHA256()
        var byteCount = 0
        var prefix: [UInt8] = []
        var finished = false
    }

    let temporaryPath: String
    private let directory: String
    private let state: Mutex<State>

    private init(directory: String, temporaryPath: String, fd: Int32) {
        self.directory = directory
        self.temporaryPath = temporaryPath
        state = Mutex(State(fd: fd))
    }

    deinit {
        // A file dropped on an error path (or a cancelled task) is never left behind.
        state.withLock { state in
            guard !state.finished else { return }
            close(state.fd)
            unlink(temporaryPath)
        }
    }

    /// Creates the temporary file (and the media folder if it is missing).
    static func create(in directory: String) async throws(MediaUploadError) -> PendingImageFile {
        let result = await BlockingWork.run { () -> PendingImageFile? in
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/.upload-" + SecureToken.hex(bytes: 16)
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            return PendingImageFile(directory: directory, temporaryPath: path, fd: fd)
        }
        guard let result else { throw .storage }
        return result
    }

    /// A temporary file older than this was left by a process that stopped mid-upload (a crash, a kill): no
    /// upload takes an hour, since the server's read timeout cuts a silent client.
    static let staleAfterSeconds = 3600

    /// Removes temporary files a stopped process left in `directory` (only `.upload-` names, only old ones).
    static func removeStale(in directory: String, now: Int = Int(time(nil))) async {
        await BlockingWork.run {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
            for name in names where name.hasPrefix(".upload-") {
                let path = directory + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                      now - Int(info.st_mtim.tv_sec) > staleAfterSeconds else { continue }
                unlink(path)
            }
        }
    }

    var byteCount: Int { state.withLock { $0.byteCount } }

    /// Appends the next bytes. Refuses a file whose first bytes are not an image's as soon as they arrive, so
    /// a large file of another kind is not written out before it is refused.
    func write(_ bytes: [UInt8]) async throws(MediaUploadError) {
        let outcome = await BlockingWork.run { [self] () -> Result<Void, MediaUploadError> in
            state.withLock { state in
                guard !state.finished else { return .failure(.storage) }
                if state.prefix.count < 12 {
                    state.prefix += bytes.prefix(12 - state.prefix.count)
                    if state.prefix.count == 12 && ImageFormat.sniff(state.prefix) == nil {
                        return .failure(.image(.unsupportedFormat, filename: ""))
                    }
                }
                guard Self.writeAll(state.fd, bytes) else { return .failure(.storage) }
                state.hasher.update(bytes)
                state.byteCount += bytes.count
                return .success(())
            }
        }
        try outcome.get()
    }

    /// Reads the image header from the written file.
    func inspect() async throws(MediaUploadError) -> ImageInfo {
        let outcome = await BlockingWork.run { [self] () -> Result<ImageInfo, MediaUploadError> in
            let reader = open(temporaryPath, O_RDONLY | O_CLOEXEC)
            guard reader >= 0 else { return .failure(.storage) }
            defer { close(reader) }
            let size = byteCount
            do throws(ImageError) {
                return .success(try ImageInspector.inspect(size: size) { offset, count in Self.read(reader, offset, count) })
            } catch {
                return .failure(.image(error, filename: ""))
            }
        }
        return try outcome.get()
    }

    /// Flushes the file to disk and renames it to its content name. Returns the image and whether this call
    /// created the file (false when the same content was already stored: the copy is dropped).
    func commit(_ info: ImageInfo) async throws(MediaUploadError) -> (image: StoredImage, created: Bool) {
        let directory = self.directory
        let outcome = await BlockingWork.run { [self] () -> Result<(StoredImage, Bool), MediaUploadError> in
            state.withLock { state in
                guard !state.finished else { return .failure(.storage) }
                state.finished = true
                let synced = fsync(state.fd) == 0
                close(state.fd)
                let name = SecureToken.hex(of: state.hasher.finalize()) + "." + info.format.fileExtension
                let image = StoredImage(fileName: name, info: info, byteCount: state.byteCount)
                let target = directory + "/" + name
                guard synced else {
                    unlink(temporaryPath)
                    return .failure(.storage)
                }
                if access(target, F_OK) == 0 {
                    unlink(temporaryPath)
                    return .success((image, false))
                }
                guard rename(temporaryPath, target) == 0 else {
                    unlink(temporaryPath)
                    return .failure(.storage)
                }
                // The rename itself must reach the disk, or a power cut could lose a file a product points to.
                let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if folder >= 0 {
                    fsync(folder)
                    close(folder)
                }
                return .success((image, true))
            }
        }
        return try outcome.get()
    }

    /// Removes the temporary file now.
    func discard() async {
        await BlockingWork.run { [self] in
            state.withLock { state in
                guard !state.finished else { return }
                state.finished = true
                close(state.fd)
                unlink(temporaryPath)
            }
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress.map { $0 + written }, raw.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    private static func read(_ fd: Int32, _ offset: Int, _ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress.map { $0 + filled }, count - filled, off_t(offset + filled))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            filled += got
        }
        return Array(buffer.prefix(filled))
    }
}
