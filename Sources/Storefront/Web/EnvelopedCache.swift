import PluginKit

/// A cache plugin seen through `CacheEnvelope`: `set` seals each value with its key and a checksum, and `get`
/// returns only values that open under the key asked for. Anything else under that key (junk, another
/// version's bytes, another key's entry) is a miss: it is reported once to `rejected` and deleted, so the
/// caller's next `set` takes its place and nobody reads it again.
///
/// Counters are the plugins' own integers (`increment` cannot seal), so they pass through; each plugin
/// restarts a counter that holds anything but a count (see `Cache.increment`).
struct EnvelopedCache: Cache {
    let plugin: any Cache
    let rejected: @Sendable (String, CacheEnvelope.Rejection) -> Void
    /// The payloads of the envelopes opened last, by key: the same stored bytes open to the same payload, so a hot
    /// entry's checksum is computed once (bounded: a few hundred keys).
    private let opened = DecodedValueMemo(capacity: 256)

    init(plugin: any Cache, rejected: @escaping @Sendable (String, CacheEnvelope.Rejection) -> Void) {
        self.plugin = plugin
        self.rejected = rejected
    }

    func get(_ key: String) async throws(CacheError) -> [UInt8]? {
        guard let stored = try await plugin.get(key) else { return nil }
        var rejection: CacheEnvelope.Rejection?
        let payload = opened.value(key: key, bytes: stored) { bytes -> [UInt8]? in
            switch CacheEnvelope.open(bytes, key: key) {
            case .success(let payload): return payload
            case .failure(let why):
                rejection = why
                return nil
            }
        }
        if let payload { return payload }
        rejected(key, rejection ?? .notAnEnvelope)
        try await plugin.delete(key)
        return nil
    }

    func set(_ key: String, _ value: [UInt8], ttl: Duration?) async throws(CacheError) {
        try await plugin.set(key, CacheEnvelope.seal(value, key: key), ttl: ttl)
    }

    func delete(_ key: String) async throws(CacheError) { try await plugin.delete(key) }

    func deletePrefix(_ prefix: String) async throws(CacheError) { try await plugin.deletePrefix(prefix) }

    func increment(_ key: String, ttl: Duration) async throws(CacheError) -> Int { try await plugin.increment(key, ttl: ttl) }

    func shutdown() async { await plugin.shutdown() }
}
