import Synchronization

/// A count that only goes up (requests answered, confirms that failed), one per label set. Lock-free: an
/// increment is one relaxed atomic add, so recording on a request path costs a few nanoseconds and never waits.
///
/// Guarantees: increments from any thread are never lost; the value wraps at 2^64 rather than trapping.
public final class Counter: Sendable {
    private let count = Atomic<UInt64>(0)

    init() {}

    /// Adds `amount` (1 by default).
    @inline(__always)
    public func increment(by amount: UInt64 = 1) {
        count.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current total.
    public var value: UInt64 { count.load(ordering: .relaxed) }
}

/// A level that goes up and down (connections open, a backlog), one per label set. Lock-free, like `Counter`.
///
/// Guarantees: `add` from several threads never loses an update; arithmetic wraps rather than trapping.
public final class Gauge: Sendable {
    private let level = Atomic<Int64>(0)

    init() {}

    /// Replaces the level.
    public func set(_ value: Int64) { level.store(value, ordering: .relaxed) }

    /// Moves the level by `delta` (negative to lower it).
    @inline(__always)
    public func add(_ delta: Int64) { level.wrappingAdd(delta, ordering: .relaxed) }

    /// The current level.
    public var value: Int64 { level.load(ordering: .relaxed) }
}

/// How long something took, counted into fixed buckets (upper bounds in seconds), one per label set. Lock-free:
/// an observation is two relaxed atomic adds (its bucket and the sum), after a scan of the bounds.
///
/// Guarantees: every observation lands in exactly one bucket, so the rendered cumulative buckets never decrease
/// and `_count` always equals the `+Inf` bucket (both are computed from one read of the buckets). `_sum` is kept
/// in nanoseconds and may trail the buckets by an observation in flight while a scrape reads them.
public final class Histogram: Sendable {
    /// The bucket bounds in nanoseconds, ascending; an observation above the last goes to the `+Inf` bucket.
    let boundsNanoseconds: [UInt64]
    /// Non-cumulative: index `i` counts observations in `(bound[i-1], bound[i]]`; the last slot is `+Inf`.
    private let buckets: [Cell]
    private let sumNanoseconds = Atomic<UInt64>(0)

    final class Cell: Sendable {
        let count = Atomic<UInt64>(0)
    }

    init(boundsNanoseconds: [UInt64]) {
        self.boundsNanoseconds = boundsNanoseconds
        buckets = (0...boundsNanoseconds.count).map { _ in Cell() }
    }

    /// Records one duration; a negative one counts as zero.
    @inline(__always)
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return observe(nanoseconds: 0) }
        // Saturates instead of trapping: a duration beyond 584 years is not worth a crash.
        let (scaled, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = scaled.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        observe(nanoseconds: overflow || overflow2 ? UInt64.max : total)
    }

    /// Records one duration given in nanoseconds.
    @inline(__always)
    public func observe(nanoseconds: UInt64) {
        var index = 0
        while index < boundsNanoseconds.count && nanoseconds > boundsNanoseconds[index] { index += 1 }
        buckets[index].count.wrappingAdd(1, ordering: .relaxed)
        sumNanoseconds.wrappingAdd(nanoseconds, ordering: .relaxed)
    }

    /// The cumulative bucket counts (the last is `+Inf`, equal to the count) and the sum in nanoseconds.
    public var snapshot: (cumulative: [UInt64], sumNanoseconds: UInt64) {
        var running: UInt64 = 0
        let cumulative = buckets.map { cell in
            running &+= cell.count.load(ordering: .relaxed)
            return running
        }
        return (cumulative, sumNanoseconds.load(ordering: .relaxed))
    }

    /// How many observations were recorded.
    public var count: UInt64 { snapshot.cumulative.last ?? 0 }
}
