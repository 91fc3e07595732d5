/// A connection's receive buffer: one growable allocation reused for the connection's life, so reading a
/// request costs no allocation once the buffer has grown to the connection's usual request size.
struct ReadBuffer: ~Copyable {
    private var storage: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    private let maxCapacity: Int

    init(initialCapacity: Int, maxCapacity: Int) {
        storage = .allocate(capacity: initialCapacity)
        self.maxCapacity = max(initialCapacity, maxCapacity)
    }

    deinit { storage.deallocate() }

    var readableCount: Int { end - start }
    var isEmpty: Bool { end == start }

    mutating func consume(_ count: Int) {
        start += count
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Free space to read into, after moving unread bytes to the front or growing; nil when full.
    mutating func writableSpace() -> UnsafeMutableBufferPointer<UInt8>? {
        if end == storage.count {
            if start > 0 {
                let count = end - start
                if let base = storage.baseAddress { base.update(from: base + start, count: count) }
                start = 0
                end = count
            } else if storage.count < maxCapacity {
                let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(maxCapacity, storage.count * 2))
                if let from = storage.baseAddress, let to = grown.baseAddress { to.initialize(from: from, count: end) }
                storage.deallocate()
                storage = grown
            } else {
                return nil
            }
        }
        return UnsafeMutableBufferPointer(rebasing: storage[end...])
    }

    mutating func commit(_ count: Int) { end += count }

    func withReadableBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(rebasing: storage[start..<end]))
    }
}
