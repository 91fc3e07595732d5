/// Why a `multipart/form-data` body was refused. A syntax error is the sender's mistake (`400`), a limit
/// crossed is `413`; `message` is the Korean sentence a person sees, and says nothing about internals.
public enum MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request's Content-Type is not `multipart/form-data` with a valid `boundary` (RFC 2046 §5.1.1).
    case notMultipart
    /// The bytes break RFC 2046 §5.1.1 or RFC 7578 §4 (a bad delimiter line, part header, or disposition).
    case malformed(String)
    /// The body ended before the close delimiter (`--boundary--`): the upload was cut off.
    case missingFinalBoundary
    /// The whole body is over `MultipartLimits.maxBodyBytes` (or the server's streamed-body limit).
    case bodyTooLarge(limit: Int)
    /// One file part is over `MultipartLimits.maxFileBytes`.
    case fileTooLarge(limit: Int)
    /// One plain field is over `MultipartLimits.maxFieldBytes`.
    case fieldTooLarge(limit: Int)
    /// More parts than `MultipartLimits.maxParts`.
    case tooManyParts(limit: Int)
    /// One part's header block is over `MultipartLimits.maxPartHeaderBytes`.
    case partHeadersTooLarge(limit: Int)

    public var status: HTTPStatus {
        switch self {
        case .notMultipart, .malformed, .missingFinalBoundary: .badRequest
        case .bodyTooLarge, .fileTooLarge, .fieldTooLarge, .tooManyParts, .partHeadersTooLarge: .contentTooLarge
        }
    }

    public var message: String {
        switch self {
        case .notMultipart: "파일 업로드 형식(multipart/form-data)이 아닙니다."
        case .malformed: "업로드 요청의 형식이 올바르지 않습니다."
        case .missingFinalBoundary: "업로드가 끝까지 전송되지 않았습니다. 다시 시도해 주세요."
        case .bodyTooLarge(let limit): "업로드 전체 크기는 \(Self.megabytes(limit))까지입니다."
        case .fileTooLarge(let limit): "파일 하나의 크기는 \(Self.megabytes(limit))까지입니다."
        case .fieldTooLarge(let limit): "입력값이 너무 깁니다(\(Self.megabytes(limit))까지)."
        case .tooManyParts(let limit): "한 번에 보낼 수 있는 항목은 \(limit)개까지입니다."
        case .partHeadersTooLarge: "업로드 요청의 머리글이 너무 깁니다."
        }
    }

    /// The error as a handler throws it: the status and the Korean message.
    public var httpError: HTTPError { HTTPError(status, message) }

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed multipart body: \(reason)"
        default: "\(status.code): \(message)"
        }
    }

    /// `5 MB`, `512 KB`: what a person reads for a limit in bytes.
    static func megabytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20)MB" }
        if bytes >= 1 << 20 { return "\(bytes >> 20).\(((bytes & ((1 << 20) - 1)) * 10) >> 20)MB" }
        return "\(max(1, bytes >> 10))KB"
    }
}
