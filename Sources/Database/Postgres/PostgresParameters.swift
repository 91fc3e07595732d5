/// Bound arguments in the shape `PQexecPrepared` takes: one buffer of values, their lengths and formats,
/// and the parameter types a statement is prepared with.
///
/// Integers go as int8, doubles as float8 (with PostgreSQL's spellings of NaN and the infinities), text
/// as text, all in text format; bytes as bytea in binary format, so no escaping is involved anywhere;
/// NULL as a null pointer with its type left to the server (type 0), which infers it from where it is used.
struct PostgresParameters {
    private(set) var types: [UInt32] = []
    private var formats: [Int32] = []
    private var lengths: [Int32] = []
    private var offsets: [Int?] = []
    private var buffer: [UInt8] = []
    /// One letter per parameter's type, for the statement cache key.
    private(set) var signature = ""

    /// Throws for text holding a NUL character, which PostgreSQL's text cannot store (libpq would cut it there).
    init(_ values: [SQLValue]) throws(DatabaseError) {
        types.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            switch value {
            case .integer(let number): append(text: String(number), type: PostgresType.int8, letter: "i")
            case .real(let number): append(text: Self.text(number), type: PostgresType.float8, letter: "r")
            case .text(let text):
                guard !text.utf8.contains(0) else {
                    throw DatabaseError(kind: .other, message: "argument \(index + 1) holds a NUL character, which PostgreSQL text cannot store")
                }
                append(text: text, type: PostgresType.text, letter: "t")
            case .blob(let bytes):
                types.append(PostgresType.bytea)
                formats.append(1)
                lengths.append(Int32(clamping: bytes.count))
                offsets.append(buffer.count)
                buffer.append(contentsOf: bytes)
                buffer.append(0) // keeps the pointer valid for an empty value
                signature.append("b")
            case .null:
                types.append(0)
                formats.append(0)
                lengths.append(0)
                offsets.append(nil)
                signature.append("n")
            }
        }
    }

    private mutating func append(text: String, type: UInt32, letter: Character) {
        types.append(type)
        formats.append(0)
        let utf8 = text.utf8
        lengths.append(Int32(clamping: utf8.count))
        offsets.append(buffer.count)
        buffer.append(contentsOf: utf8)
        buffer.append(0) // libpq reads text-format values up to their NUL
        signature.append(letter)
    }

    static func text(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return "\(number)"
    }

    /// Calls `body` with C arrays that stay valid for the call only.
    func withCParameters<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R) -> R {
        buffer.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard let offset, let base else { return nil }
                return (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return pointers.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in
                        body(values.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }
}
