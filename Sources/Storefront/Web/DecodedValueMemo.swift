import Foundation
import Synchronization

/// Remembers, per cache key, the last bytes decoded and the value they decoded to, so a hot cache entry (a
/// product, a session) is decoded once rather than on every page view, and its envelope opened once (its
/// checksum and the copy of its payload were a tenth of a cached catalog page's cost).
///
/// Guarantee: a remembered value is returned only for bytes equal to the ones it was decoded from, so the
/// answer is always exactly what decoding those bytes gives; a changed entry is simply decoded again. The memo
/// holds at most `capacity` keys (an arbitrary one makes room for a new one).
final class DecodedValueMemo: Sendable {
    private struct Entry {
        let bytes: [UInt8]
        let value: any Sendable
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// How many keys are remembered now.
    var count: Int { entries.withLock { $0.count } }

    /// `bytes` decoded as `Value`, from the memo when `key` last decoded the same bytes to that type;
    /// nil when they are not valid JSON for `Value`.
    func decode<Value: Decodable & Sendable>(_ type: Value.Type, key: String, bytes: [UInt8]) -> Value? {
        // Comparing a few hundred bytes is far cheaper than JSONDecoder.
        value(key: key, bytes: bytes) { try? JSONDecoder().decode(Value.self, from: Data($0)) }
    }

    /// What `compute` makes of `bytes`, from the memo when `key` last made a `Value` of the same bytes; a nil
    /// from `compute` (bytes it refuses) is not remembered. `compute` must depend only on `key` and `bytes`.
    func value<Value: Sendable>(key: String, bytes: [UInt8], _ compute: ([UInt8]) -> Value?) -> Value? {
        // Compared outside the lock, with memcmp: Array's == goes element by element, and holding the lock through
        // it made every page view of a hot entry wait for the others.
        let entry = entries.withLock { $0[key] }
        if let entry, Self.same(entry.bytes, bytes), let remembered = entry.value as? Value { return remembered }
        guard let value = compute(bytes) else { return nil }
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity { entries.remove(at: entries.startIndex) }
            entries[key] = Entry(bytes: bytes, value: value)
        }
        return value
    }

    /// Byte-for-byte equality: the same storage at once, else memcmp.
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                guard let l = left.baseAddress, let r = right.baseAddress else { return true }  // both empty
                return l == r || memcmp(l, r, left.count) == 0
            }
        }
    }
}
