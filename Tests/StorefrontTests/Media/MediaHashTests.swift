@testable import Storefront
import Testing

@Suite("SHA-256 and CRC-32 against published test vectors")
struct MediaHashTests {
    @Test("SHA-256 gives the FIPS 180-4 / NIST example digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func vectors(_ message: String, _ digest: String) {
        #expect(SecureToken.hex(of: SHA256.hash(message.utf8)) == digest)
    }

    @Test("SHA-256 of a million 'a' fed in uneven pieces is the NIST digest")
    func millionA() {
        var hasher = SHA256()
        var left = 1_000_000, step = 1
        while left > 0 {
            let take = min(step, left)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: take))
            left -= take
            step = step % 997 + 13
        }
        #expect(SecureToken.hex(of: hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("SHA-256 split at every offset of messages around the 55/56/64-byte padding edges matches the one-shot digest")
    func splitsAgree() {
        for length in [55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let whole = SHA256.hash(message)
            for cut in 0...length {
                var hasher = SHA256()
                hasher.update(Array(message[..<cut]))
                hasher.update(Array(message[cut...]))
                #expect(hasher.finalize() == whole, "length \(length) cut \(cut)")
            }
        }
    }

    @Test("CRC-32 of \"123456789\" is the ISO 3309 check value")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
