/// A shared key-value cache the storefront keeps rendered fragments, product data and login-throttle
/// counters in. Operators pick the implementation in storefront.json (`memory`, `redis`).
///
/// Contract:
/// - A cache is an optimisation: a value may vanish at any time (eviction, TTL, a restarted server), and
///   callers always fall back to the database. Errors mean "the cache is not answering", never "no value".
/// - `get` answers exactly the bytes `set` stored, or nil. A value is 1 to `maxValueBytes` long (an option of
///   each plugin, 1 MiB by default): setting an empty or longer one removes the key instead, and a longer one
///   put there by someone else reads as missing without being read whole. A key holding something that is
///   not a value at all (another Redis type) reads as missing too. Whether the bytes are what the reader
///   meant is the caller's concern (the storefront seals every value with its key and a checksum).
/// - `set` with a TTL makes the value unreadable after that time; `increment` creates the counter at 1
///   with the TTL when missing and leaves the TTL alone otherwise. A key holding anything but a count
///   (not a decimal integer as `increment` writes it, below 1, or at the top of Int64) is restarted at 1 with
///   the TTL like a missing one, and a count without an expiry is given the TTL: junk never makes a counter
///   that cannot lock, cannot expire, or fails.
/// - `deletePrefix` removes every key starting with the prefix (cache invalidation by namespace).
/// - Memory and Redis behave alike byte for byte (the conformance suite runs every behaviour on both).
public protocol Cache: Sendable {
    func get(_ key: String) async throws(CacheError) -> [UInt8]?
    func set(_ key: String, _ value: [UInt8], ttl: Duration?) async throws(CacheError)
    func delete(_ key: String) async throws(CacheError)
    func deletePrefix(_ prefix: String) async throws(CacheError)
    /// Adds one and returns the new count.
    func increment(_ key: String, ttl: Duration) async throws(CacheError) -> Int
    /// Releases connections and threads.
    func shutdown() async
}

/// Why a cache call failed; the caller serves from the database instead.
public struct CacheError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case unavailable, timeout, protocolError }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "cache \(kind): \(message)" }
}
