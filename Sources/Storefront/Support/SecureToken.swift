/// Unguessable identifiers for sessions, CSRF tokens and idempotency keys.
/// `SystemRandomNumberGenerator` reads the kernel's CSPRNG (getrandom) on Linux.
public enum SecureToken {
    /// `bytes` random bytes as lowercase hex (32 bytes → 64 characters, 256 bits).
    public static func hex(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
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
