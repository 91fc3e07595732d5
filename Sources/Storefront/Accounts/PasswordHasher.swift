import CCrypt
import Foundation

/// Hashes and verifies passwords with bcrypt (`$2b$`) through libcrypt.
///
/// Salts are 16 bytes from the system CSPRNG (`getrandom`); `cost` is bcrypt's log2 work factor
/// (12 in production; tests pass 4 to stay fast). Verification recomputes the hash with the stored
/// salt and compares in constant time. bcrypt reads at most 72 bytes, so longer passwords are
/// refused rather than silently truncated.
public struct PasswordHasher: Sendable {
    /// Why a password could not be hashed.
    public enum Failure: Error, Sendable, Equatable {
        /// More than 72 UTF-8 bytes: bcrypt would ignore the rest.
        case passwordTooLong(bytes: Int)
        /// A NUL byte would end the C string early.
        case passwordContainsNul
        /// libcrypt refused (unsupported cost, missing bcrypt support); `errno` as reported.
        case cryptFailed(errno: Int32)
    }

    public static let maxPasswordBytes = 72
    public let cost: Int

    /// `cost` is clamped to bcrypt's range 4...31.
    public init(cost: Int = 12) { self.cost = min(max(cost, 4), 31) }

    /// A fresh `$2b$` hash of `password` with a random salt.
    public func hash(_ password: String) throws(Failure) -> String {
        try Self.validate(password)
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let made = random.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                crypt_gensalt_rn("$2b$", UInt(cost), chars.baseAddress, Int32(chars.count), &setting, Int32(setting.count))
            }
        }
        guard made != nil else { throw .cryptFailed(errno: errno) }
        return try Self.crypt(password, setting: setting)
    }

    /// Whether `password` matches `storedHash`. A malformed hash never matches.
    public func verify(_ password: String, against storedHash: String) -> Bool {
        guard storedHash.hasPrefix("$2"), (try? Self.validate(password)) != nil else { return false }
        guard let computed = try? Self.crypt(password, setting: Array(storedHash.utf8CString)) else { return false }
        return Self.constantTimeEquals(Array(computed.utf8), Array(storedHash.utf8))
    }

    private static func validate(_ password: String) throws(Failure) {
        let bytes = password.utf8.count
        guard bytes <= maxPasswordBytes else { throw .passwordTooLong(bytes: bytes) }
        guard !password.utf8.contains(0) else { throw .passwordContainsNul }
    }

    private static func crypt(_ password: String, setting: [CChar]) throws(Failure) -> String {
        // crypt_data is ~32 KB: keep it off the stack, and zero it as crypt_r requires.
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        let result: String? = setting.withUnsafeBufferPointer { settingChars in
            guard let output = crypt_r(password, settingChars.baseAddress, data) else { return nil }
            let text = String(cString: output)
            // libcrypt signals failure with a string starting with "*" rather than NULL.
            return text.hasPrefix("*") ? nil : text
        }
        // The work area held the password; clear it before giving the memory back.
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let result else { throw .cryptFailed(errno: errno) }
        return result
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : 0
            let right = index < b.count ? b[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
