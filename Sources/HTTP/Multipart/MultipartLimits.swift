/// How much one `multipart/form-data` body may hold. Each limit crossed is a `MultipartError` answered with
/// `413 Content Too Large`; nothing is buffered beyond them.
public struct MultipartLimits: Sendable, Equatable {
    /// The whole body, delimiters and headers included.
    public var maxBodyBytes: Int
    /// One file part's content (a part with a `filename`): the media upload limit.
    public var maxFileBytes: Int
    /// One plain field's value (a part without a `filename`), which a reader keeps in memory.
    public var maxFieldBytes: Int
    /// Parts in the body, files and fields together.
    public var maxParts: Int
    /// One part's header block (its fields and their line ends).
    public var maxPartHeaderBytes: Int

    public init(maxBodyBytes: Int = 26 << 20, maxFileBytes: Int = 5 << 20, maxFieldBytes: Int = 64 << 10,
                maxParts: Int = 32, maxPartHeaderBytes: Int = 4096) {
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.maxFileBytes = max(0, maxFileBytes)
        self.maxFieldBytes = max(0, maxFieldBytes)
        self.maxParts = max(0, maxParts)
        self.maxPartHeaderBytes = max(0, maxPartHeaderBytes)
    }
}
