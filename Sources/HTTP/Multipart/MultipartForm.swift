/// A whole `multipart/form-data` body held in memory: its plain fields and its files, for small uploads a handler
/// reads at once (a CSV of deposits, shipments or products). Images go through the streamed media path instead.
///
/// Guarantees: nothing beyond `limits` is ever held (each file ≤ `maxFileBytes`, each field ≤ `maxFieldBytes`,
/// at most `maxParts` parts, the body ≤ `maxBodyBytes`); every failure is the reader's `MultipartError` with its
/// status and Korean message. A file input left empty (no file chosen: empty name, no bytes) is not a file.
public struct MultipartForm: Sendable, Equatable {
    /// One uploaded file: the form field it came in, the sender's name for it (never trusted for anything but
    /// display) and its bytes.
    public struct File: Sendable, Equatable {
        public var field: String
        public var filename: String
        public var bytes: [UInt8]
    }

    /// Plain fields in the order they came; a repeated name keeps each value.
    public var fields: [(name: String, value: String)] = []
    public var files: [File] = []

    public init() {}

    /// The first value of the plain field `name`.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The first file sent in the field `field`.
    public func file(_ field: String) -> File? { files.first { $0.field == field } }

    /// Reads the request's body whole.
    public static func read(_ request: Request, limits: MultipartLimits) async throws(MultipartError) -> MultipartForm {
        var reader = try MultipartReader(request: request, limits: limits)
        var form = MultipartForm()
        var head: MultipartPartHead?
        var bytes: [UInt8] = []
        while let event = try await reader.next() {
            switch event {
            case .partStarted(let started):
                head = started
                bytes = []
            case .partData(let piece):
                bytes += piece
            case .partEnded:
                guard let head else { continue }
                if let filename = head.filename {
                    if !(filename.isEmpty && bytes.isEmpty) {
                        form.files.append(File(field: head.name, filename: filename, bytes: bytes))
                    }
                } else {
                    form.fields.append((head.name, String(decoding: bytes, as: UTF8.self)))
                }
                bytes = []
            }
        }
        return form
    }

    public static func == (lhs: MultipartForm, rhs: MultipartForm) -> Bool {
        lhs.files == rhs.files && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}
