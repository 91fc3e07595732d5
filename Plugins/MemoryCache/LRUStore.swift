import Foundation

/// The memory cache's bookkeeping: a dictionary into a doubly linked recency list kept in arrays, so
/// get, set and eviction of the least recently used entry are O(1). Not thread-safe: `MemoryCache`
/// keeps it behind a mutex.
struct LRUStore {
    struct Node {
        var key: String
        var value: [UInt8]
        var expires: ContinuousClock.Instant?
        var previous = -1
        var next = -1
    }

    let maxEntries: Int
    let maxBytes: Int
    private(set) var bytes = 0
    private var index: [String: Int] = [:]
    private var nodes: [Node] = []
    private var free: [Int] = []
    /// Most recently used.
    private var head = -1
    /// Least recently used: evicted first.
    private var tail = -1

    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    var count: Int { index.count }

    mutating func get(_ key: String, now: ContinuousClock.Instant) -> [UInt8]? {
        guard let slot = index[key] else { return nil }
        if let expires = nodes[slot].expires, expires <= now {
            remove(slot)
            return nil
        }
        moveToFront(slot)
        return nodes[slot].value
    }

    mutating func set(_ key: String, _ value: [UInt8], expires: ContinuousClock.Instant?) {
        if let slot = index[key] { remove(slot) }
        let size = Self.size(key, value)
        guard size <= maxBytes, maxEntries > 0 else { return }
        while count >= maxEntries || bytes + size > maxBytes, tail >= 0 { remove(tail) }
        let node = Node(key: key, value: value, expires: expires)
        let slot: Int
        if let reused = free.popLast() { nodes[reused] = node; slot = reused } else { nodes.append(node); slot = nodes.count - 1 }
        index[key] = slot
        bytes += size
        link(slot)
    }

    mutating func delete(_ key: String) {
        if let slot = index[key] { remove(slot) }
    }

    mutating func deletePrefix(_ prefix: String) {
        for (key, slot) in index where key.hasPrefix(prefix) { remove(slot) }
    }

    /// The live entry's expiry, or nil when missing or expired.
    mutating func expiry(_ key: String, now: ContinuousClock.Instant) -> ContinuousClock.Instant?? {
        guard get(key, now: now) != nil, let slot = index[key] else { return nil }
        return .some(nodes[slot].expires)
    }

    static func size(_ key: String, _ value: [UInt8]) -> Int { key.utf8.count + value.count + 64 }

    private mutating func remove(_ slot: Int) {
        unlink(slot)
        index[nodes[slot].key] = nil
        bytes -= Self.size(nodes[slot].key, nodes[slot].value)
        nodes[slot].value = []
        free.append(slot)
    }

    private mutating func moveToFront(_ slot: Int) {
        guard head != slot else { return }
        unlink(slot)
        link(slot)
    }

    private mutating func link(_ slot: Int) {
        nodes[slot].previous = -1
        nodes[slot].next = head
        if head >= 0 { nodes[head].previous = slot }
        head = slot
        if tail < 0 { tail = slot }
    }

    private mutating func unlink(_ slot: Int) {
        let previous = nodes[slot].previous, next = nodes[slot].next
        if previous >= 0 { nodes[previous].next = next } else { head = next }
        if next >= 0 { nodes[next].previous = previous } else { tail = previous }
        nodes[slot].previous = -1
        nodes[slot].next = -1
    }
}
