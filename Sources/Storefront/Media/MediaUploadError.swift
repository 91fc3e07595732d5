import HTTP

/// Why an upload stored nothing. Each case has the status and the Korean sentence the upload form shows; the
/// file name a person chose is named in the message so they know which file to fix.
enum MediaUploadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is not a well-formed multipart upload, or crossed one of its limits (400/413).
    case multipart(MultipartError)
    /// A file part is not a JPEG, PNG or WebP image, or its header is damaged (415 or 400).
    case image(ImageError, filename: String)
    /// The media folder could not be written (500); the reason (an errno) is logged, not shown.
    case storage

    var status: HTTPStatus {
        switch self {
        case .multipart(let error): error.status
        case .image(.unsupportedFormat, _): .unsupportedMediaType
        case .image: .badRequest
        case .storage: .internalServerError
        }
    }

    var message: String {
        switch self {
        case .multipart(let error): error.message
        case .image(let error, let filename): filename.isEmpty ? error.message : "\(filename): \(error.message)"
        case .storage: "이미지를 저장하지 못했습니다. 잠시 후 다시 시도해 주세요."
        }
    }

    /// The error as a handler throws it.
    var httpError: HTTPError { HTTPError(status, message) }

    var description: String {
        switch self {
        case .multipart(let error): "upload refused: \(error)"
        case .image(let error, _): "upload refused: \(error)"
        case .storage: "upload failed: the media folder could not be written"
        }
    }
}
