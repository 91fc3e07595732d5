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
        // A buffer grown by appending (a rendered page reserves 24 KB) would be held whole: keep only the bytes.
        let value = value.capacity - value.count > Self.slack ? Self.compacted(value) : value
        let size = Self.cost(key, value)
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

    /// What holding `value` under `key` costs the process, as malloc sees it: the value's buffer (the array's
    /// 32-byte header and its whole capacity), the key's buffer when it is too long to sit inside the String
    /// (over 15 UTF-8 bytes; the index and the node share it), the node, and the entry's share of the index.
    /// Counting only the bytes of key and value let the process hold about twice `maxBytes`.
    static func cost(_ key: String, _ value: [UInt8]) -> Int {
        let keyBytes = key.utf8.count
        return heapBlock(32 + value.capacity) + (keyBytes > 15 ? heapBlock(32 + keyBytes + 1) : 0) + entryOverhead
    }

    /// The node in `nodes`, its slot on the free list, and the index's hash-table slots (a key and a slot number),
    /// of which a table keeps up to twice as many as it holds entries (it doubles when three quarters full).
    static let entryOverhead = MemoryLayout<Node>.stride + MemoryLayout<Int>.stride
        + 2 * (MemoryLayout<String>.stride + MemoryLayout<Int>.stride)

    /// glibc's chunk for a request of `bytes`: an 8-byte header, rounded up to 16, at least 32.
    static func heapBlock(_ bytes: Int) -> Int { max(32, (bytes + 8 + 15) & ~15) }

    /// Spare capacity kept rather than copied away (malloc rounds every buffer up a little anyway).
    static let slack = 64

    static func compacted(_ value: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: value.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: value)
        }
    }

    private mutating func remove(_ slot: Int) {
        unlink(slot)
        index[nodes[slot].key] = nil
        bytes -= Self.cost(nodes[slot].key, nodes[slot].value)
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
