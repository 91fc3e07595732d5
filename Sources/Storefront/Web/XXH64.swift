/// XXH64 (Yann Collet's xxHash, 64-bit variant, seed 0): the checksum of `CacheEnvelope`.
///
/// Chosen because every cache hit checks one: it reads eight bytes at a time over four independent lanes, so
/// checking a 15 KB catalog listing costs microseconds, while still catching any flipped, missing or foreign
/// byte with the odds of a 64-bit hash. Not a defence against someone who can write to the cache on purpose
/// (nothing is, short of a keyed MAC); it proves an entry is what the shop wrote, not what a stranger forged.
enum XXH64 {
    private static let p1: UInt64 = 11_400_714_785_074_694_791
    private static let p2: UInt64 = 14_029_467_366_897_019_727
    private static let p3: UInt64 = 1_609_587_929_392_839_161
    private static let p4: UInt64 = 9_650_029_242_287_828_579
    private static let p5: UInt64 = 2_870_177_450_012_600_261

    static func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        if let hashed = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return hashed }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    static func hash(_ input: UnsafeRawBufferPointer) -> UInt64 {
        let count = input.count
        var offset = 0
        var h: UInt64
        if count >= 32 {
            var v1 = p1 &+ p2, v2 = p2, v3: UInt64 = 0, v4 = 0 &- p1
            while offset <= count - 32 {
                v1 = round(v1, word(input, offset))
                v2 = round(v2, word(input, offset + 8))
                v3 = round(v3, word(input, offset + 16))
                v4 = round(v4, word(input, offset + 24))
                offset += 32
            }
            h = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
            h = merge(merge(merge(merge(h, v1), v2), v3), v4)
        } else {
            h = p5
        }
        h &+= UInt64(count)
        while offset + 8 <= count {
            h = rotate(h ^ round(0, word(input, offset)), 27) &* p1 &+ p4
            offset += 8
        }
        if offset + 4 <= count {
            let half = UInt64(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            h = rotate(h ^ (half &* p1), 23) &* p2 &+ p3
            offset += 4
        }
        while offset < count {
            h = rotate(h ^ (UInt64(input[offset]) &* p5), 11) &* p1
            offset += 1
        }
        h ^= h >> 33
        h &*= p2
        h ^= h >> 29
        h &*= p3
        h ^= h >> 32
        return h
    }

    @inline(__always) private static func word(_ input: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always) private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* p2, 31) &* p1
    }

    @inline(__always) private static func merge(_ hash: UInt64, _ lane: UInt64) -> UInt64 {
        (hash ^ round(0, lane)) &* p1 &+ p4
    }

    @inline(__always) private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}
