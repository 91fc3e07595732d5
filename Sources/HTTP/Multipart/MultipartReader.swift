/// Reads a request's `multipart/form-data` body as a sequence of `MultipartEvent`s, pulling the body piece by
/// piece from `Request.bodyStream` (or taking `Request.body` when it was read whole), so a handler can write a
/// file part to disk as it arrives.
///
/// Every failure is a `MultipartError` with its status and Korean message: a body cut short (closed
/// connection, timeout, no close delimiter) is `missingFinalBoundary`, a body over the server's streamed limit
/// is `bodyTooLarge`. `next()` returns nil only after the close delimiter and the end of the body.
public struct MultipartReader: Sendable {
    private var parser: MultipartParser
    private let stream: RequestBodyStream?
    private var wholeBody: [UInt8]?
    private var queued: [MultipartEvent] = []
    private var queuedIndex = 0
    private var finished = false
    private let limits: MultipartLimits

    /// A reader for the request's body; `notMultipart` unless its Content-Type is `multipart/form-data` with a
    /// valid boundary.
    public init(request: Request, limits: MultipartLimits) throws(MultipartError) {
        guard let contentType = request.headers["Content-Type"],
              let boundary = MultipartParser.boundary(fromContentType: contentType) else { throw .notMultipart }
        parser = try MultipartParser(boundary: boundary, limits: limits)
        stream = request.bodyStream
        wholeBody = request.bodyStream == nil ? request.body : nil
        self.limits = limits
    }

    /// The next event, or nil once the body is complete and well-formed.
    public mutating func next() async throws(MultipartError) -> MultipartEvent? {
        while queuedIndex == queued.count {
            if finished { return nil }
            queued = []
            queuedIndex = 0
            if let piece = try await nextPiece() {
                queued = try parser.feed(piece)
            } else {
                try parser.finish()
                finished = true
            }
        }
        defer { queuedIndex += 1 }
        return queued[queuedIndex]
    }

    private mutating func nextPiece() async throws(MultipartError) -> [UInt8]? {
        guard let stream else {
            defer { wholeBody = nil }
            return wholeBody
        }
        do {
            return try await stream.next()
        } catch RequestBodyError.tooLarge {
            throw .bodyTooLarge(limit: limits.maxBodyBytes)
        } catch RequestBodyError.malformed {
            throw .malformed("the body's transfer framing is broken")
        } catch {
            // A timeout or a closed connection: the upload did not arrive whole.
            throw .missingFinalBoundary
        }
    }
}
