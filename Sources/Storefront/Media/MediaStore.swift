import Glibc
import HTTP
import Logging

/// What an upload carried: its plain fields in order, and each stored image with the field it came in.
struct MediaUpload: Sendable, Equatable {
    struct Field: Sendable, Equatable {
        let name: String
        let value: String
    }

    struct Image: Sendable, Equatable {
        let field: String
        /// The name the sender gave, for messages only.
        let filename: String
        let image: StoredImage
        /// Whether this upload put the file on disk (false when the same content was stored before it).
        var created = false
    }

    var fields: [Field] = []
    var images: [Image] = []
}

/// The shop's uploaded images under `media.directory`, each stored once under its content hash
/// (`<sha256>.<jpg|png|webp>`) and served by `MediaFiles`.
///
/// Guarantees of `receive`: a file part is streamed to disk as it arrives (never held whole in memory), within
/// `limits.maxFileBytes`; what it is comes from its own bytes (JPEG, PNG or WebP by magic number, with a readable
/// header), never from its name or declared Content-Type; and the upload is all or nothing: files are renamed
/// into place only after the whole body was read and every file passed, and on any error every temporary file
/// and every file this upload created is removed. An empty file input (no name, no bytes) is skipped.
struct MediaStore: Sendable {
    let directory: String
    let limits: MultipartLimits
    let logger: Logger

    init(directory: String, limits: MultipartLimits, logger: Logger) {
        var directory = directory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        self.directory = directory
        self.limits = limits
        self.logger = logger
    }

    /// Reads the request's multipart body and stores its images. Temporary files an earlier process left behind
    /// (older than an hour) are removed first, so a crash mid-upload leaves nothing for good.
    func receive(_ request: Request) async throws(MediaUploadError) -> MediaUpload {
        await PendingImageFile.removeStale(in: directory)
        var upload = MediaUpload()
        var pending: [(field: String, filename: String, file: PendingImageFile)] = []
        var created: [String] = []
        var file: PendingImageFile?
        do throws(MediaUploadError) {
            var reader: MultipartReader
            do { reader = try MultipartReader(request: request, limits: limits) } catch { throw .multipart(error) }
            var head: MultipartPartHead?
            var field: [UInt8] = []
            while let event = try await next(&reader) {
                switch event {
                case .partStarted(let started):
                    head = started
                    field = []
                    file = started.isFile ? try await PendingImageFile.create(in: directory) : nil
                case .partData(let bytes):
                    if let file {
                        do { try await file.write(bytes) } catch { throw Self.naming(error, head?.filename) }
                    } else {
                        field += bytes
                    }
                case .partEnded:
                    guard let head else { continue }
                    if let file {
                        if file.byteCount == 0 && head.filename == "" {
                            await file.discard()
                        } else {
                            pending.append((head.name, head.filename ?? "", file))
                        }
                    } else {
                        upload.fields.append(.init(name: head.name, value: String(decoding: field, as: UTF8.self)))
                    }
                    file = nil
                }
            }
            var checked: [ImageInfo] = []
            for item in pending {
                do { checked.append(try await item.file.inspect()) } catch { throw Self.naming(error, item.filename) }
            }
            for (item, info) in zip(pending, checked) {
                let (image, isNew) = try await item.file.commit(info)
                if isNew { created.append(directory + "/" + image.fileName) }
                upload.images.append(.init(field: item.field, filename: item.filename, image: image, created: isNew))
            }
            return upload
        } catch {
            await file?.discard()
            for item in pending { await item.file.discard() }
            if !created.isEmpty {
                let paths = created
                await BlockingWork.run { for path in paths { unlink(path) } }
            }
            if case .storage = error { logger.error("media_store_failed", ["directory": .string(directory)]) }
            throw error
        }
    }

    /// Removes the files `upload` put on disk, for an upload whose change was refused after it was stored (a full
    /// gallery, a bad field): nothing of a refused upload is kept. Files stored before it are left alone.
    func discard(_ upload: MediaUpload) async {
        let paths = upload.images.filter(\.created).map { directory + "/" + $0.image.fileName }
        guard !paths.isEmpty else { return }
        await BlockingWork.run { for path in paths { unlink(path) } }
    }

    private func next(_ reader: inout MultipartReader) async throws(MediaUploadError) -> MultipartEvent? {
        do { return try await reader.next() } catch { throw .multipart(error) }
    }

    /// Puts the sender's file name on an image error, so the message says which file was refused.
    private static func naming(_ error: MediaUploadError, _ filename: String?) -> MediaUploadError {
        guard case .image(let reason, _) = error else { return error }
        return .image(reason, filename: filename ?? "")
    }
}
