import Foundation
import Synchronization

/// Remembers, per cache key, the last JSON bytes decoded and the value they decoded to, so a hot cache entry
/// (a product, a session) is decoded once rather than on every page view.
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
        let remembered = entries.withLock { entries -> Value? in
            guard let entry = entries[key], entry.bytes == bytes else { return nil }
            return entry.value as? Value
        }
        if let remembered { return remembered }
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(bytes)) else { return nil }
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity { entries.remove(at: entries.startIndex) }
            entries[key] = Entry(bytes: bytes, value: value)
        }
        return value
    }
}
