/// The form every value the shop stores in a cache takes, so that what it reads back provably is what it
/// wrote, under that very key.
///
/// Layout, integers big-endian: `"SFC" 0x01` (format and version) | key length (4) | key (UTF-8) | payload |
/// XXH64 of everything before it (8). Anything else read back is refused: bytes another program or an
/// earlier version put there (no envelope, another version), an entry copied under another key (product 1's
/// data as `product:2`, one shopper's session under another's id), or one cut short or altered (checksum).
/// A new layout takes a new version byte, so entries of the old one read as misses, never as the new one.
enum CacheEnvelope {
    static let header: [UInt8] = Array("SFC".utf8) + [1]
    /// Header, key length and checksum: what an empty payload under an empty key takes.
    static let overhead = 16

    /// Why stored bytes were refused; the raw value is what the log says.
    enum Rejection: String, Error, Equatable {
        case notAnEnvelope = "not_an_envelope"
        case otherKey = "other_key"
        case checksum
    }

    static func seal(_ payload: [UInt8], key: String) -> [UInt8] {
        let keyBytes = key.utf8
        var sealed = [UInt8]()
        // Exactly the size: a memory cache holds this buffer as it is, and spare capacity would be held too.
        sealed.reserveCapacity(overhead + keyBytes.count + payload.count)
        sealed += header
        append(UInt32(clamping: keyBytes.count), to: &sealed)
        sealed += keyBytes
        sealed += payload
        append(XXH64.hash(sealed), to: &sealed)
        return sealed
    }

    /// The payload `stored` holds if it is an envelope sealed under `key` and intact.
    static func open(_ stored: [UInt8], key: String) -> Result<[UInt8], Rejection> {
        guard stored.count >= overhead, stored.starts(with: header) else { return .failure(.notAnEnvelope) }
        let keyBytes = key.utf8
        guard integer(stored, at: header.count, as: UInt32.self) == UInt32(clamping: keyBytes.count),
              stored.count - overhead >= keyBytes.count else { return .failure(.otherKey) }
        let keyStart = header.count + 4, payloadStart = keyStart + keyBytes.count, payloadEnd = stored.count - 8
        guard stored[keyStart..<payloadStart].elementsEqual(keyBytes) else { return .failure(.otherKey) }
        guard XXH64.hash(stored[..<payloadEnd]) == integer(stored, at: payloadEnd, as: UInt64.self) else { return .failure(.checksum) }
        return .success(Array(stored[payloadStart..<payloadEnd]))
    }

    private static func append<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }

    /// The big-endian integer at `offset`; the caller has checked it lies within `bytes`.
    private static func integer<Integer: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as type: Integer.Type) -> Integer {
        bytes.withUnsafeBytes { Integer(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: Integer.self)) }
    }
}
