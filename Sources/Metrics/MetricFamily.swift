import Synchronization

/// One metric name with its label names and one instrument per label set (`Counter`, `Gauge` or `Histogram`).
///
/// Resolve a label set once with `labels(_:)` and keep the instrument: recording through it is lock-free. Resolving
/// takes a lock and a dictionary lookup, so it belongs at setup, or on rare paths with a bounded set of values.
///
/// Guarantees: the same label values always give the same instrument; label values are kept as given and escaped
/// only when rendered; a label set of the wrong length is refused (a programming error, found by any test that
/// touches the call site).
public final class MetricFamily<Instrument: Sendable>: Sendable {
    public let name: String
    public let help: String
    public let labelNames: [String]
    /// With `true`, a label set is rendered only once it has recorded something, so a table resolved in advance
    /// (every route × every status) does not print thousands of zero series.
    let omitsUnused: Bool
    private let make: @Sendable () -> Instrument
    private let children = Mutex<[[String]: Instrument]>([:])

    init(name: String, help: String, labelNames: [String], omitsUnused: Bool, make: @escaping @Sendable () -> Instrument) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.omitsUnused = omitsUnused
        self.make = make
    }

    /// The instrument for these label values, in the order of `labelNames`, made on first use.
    public func labels(_ values: String...) -> Instrument { labels(values) }

    /// The instrument for these label values, in the order of `labelNames`, made on first use.
    public func labels(_ values: [String]) -> Instrument {
        precondition(values.count == labelNames.count, "\(name) takes labels \(labelNames), got \(values.count) values")
        return children.withLock { children in
            if let existing = children[values] { return existing }
            let made = make()
            children[values] = made
            return made
        }
    }

    /// Every label set with its instrument, ordered by label values so that the text is stable between scrapes.
    var series: [(labels: [String], instrument: Instrument)] {
        children.withLock { children in children.map { (labels: $0.key, instrument: $0.value) } }
            .sorted { $0.labels.lexicographicallyPrecedes($1.labels) }
    }
}
