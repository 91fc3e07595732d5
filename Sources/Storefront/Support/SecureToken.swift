import Glibc

/// Unguessable identifiers for sessions, CSRF tokens and idempotency keys, from the kernel's CSPRNG.
public enum SecureToken {
    /// `bytes` random bytes as lowercase hex (32 bytes → 64 characters, 256 bits).
    public static func hex(bytes: Int = 32) -> String {
        hex(of: randomBytes(bytes))
    }

    /// `bytes` as lowercase hex, two characters a byte (also how media files are named by their SHA-256).
    static func hex(of bytes: [UInt8]) -> String {
        let table = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = table[Int(byte >> 4)]
                out[2 * index + 1] = table[Int(byte & 0x0f)]
            }
            return bytes.count * 2
        }
    }

    /// A random (version 4) UUID in lowercase, from `randomBytes`: Foundation's `UUID()` on Linux opens
    /// /dev/urandom on every call, which showed as four file opens per paid order (the outbox's event ids).
    static func uuidString() -> String {
        var bytes = randomBytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80  // the RFC 9562 variant
        let text = hex(of: bytes)
        var out = ""
        out.reserveCapacity(36)
        for (index, character) in text.enumerated() {
            if [8, 12, 16, 20].contains(index) { out.append("-") }
            out.append(character)
        }
        return out
    }

    /// `count` bytes from glibc's `arc4random_buf`, which fills the whole buffer from the kernel's CSPRNG
    /// (getrandom) in one go: a token is minted per anonymous page view, and one call per byte showed in profiles.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        buffer.withUnsafeMutableBytes { bytes in
            if let base = bytes.baseAddress { arc4random_buf(base, count) }
        }
        return buffer
    }

    /// Compares two secrets in time that depends only on their lengths, so a timing probe learns nothing
    /// about how many leading characters matched.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
