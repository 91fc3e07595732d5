import Synchronization

/// The metrics of one process: the families registered at startup and the text a scrape reads.
///
/// Passed as a value to whatever records (no global): tests build their own and read exactly what they recorded.
///
/// Guarantees: names are valid Prometheus metric and label names and unique in the registry (checked when a family
/// is registered, a programming error otherwise); `exposition()` renders families in registration order in the
/// text format 0.0.4 (`ExpositionText`), each with its HELP and TYPE lines before its samples.
public final class MetricsRegistry: Sendable {
    /// The media type of `exposition()`'s text.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The default latency buckets, in seconds: 1 ms to 10 s, finer where pages usually answer.
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private enum Family: Sendable {
        case counter(MetricFamily<Counter>)
        case gauge(MetricFamily<Gauge>)
        case histogram(MetricFamily<Histogram>, bounds: [Double])
        case collected(CollectedGauge)

        var name: String {
            switch self {
            case .counter(let family): family.name
            case .gauge(let family): family.name
            case .histogram(let family, _): family.name
            case .collected(let family): family.name
            }
        }
    }

    private let families = Mutex<[Family]>([])

    public init() {}

    /// Registers a counter family. `omitsUnused`: label sets that never counted are left out of the text.
    public func counter(_ name: String, help: String, labels: [String] = [], omitsUnused: Bool = false) -> MetricFamily<Counter> {
        let family = MetricFamily(name: name, help: help, labelNames: labels, omitsUnused: omitsUnused) { Counter() }
        register(.counter(family), labels: labels)
        return family
    }

    /// Registers a gauge family whose instruments the code sets.
    public func gauge(_ name: String, help: String, labels: [String] = []) -> MetricFamily<Gauge> {
        let family = MetricFamily(name: name, help: help, labelNames: labels, omitsUnused: false) { Gauge() }
        register(.gauge(family), labels: labels)
        return family
    }

    /// Registers a histogram family of durations; `buckets` are upper bounds in seconds, ascending and positive.
    /// `omitsUnused`: label sets that never observed anything are left out of the text.
    public func histogram(_ name: String, help: String, labels: [String] = [], buckets: [Double] = latencyBuckets,
                          omitsUnused: Bool = false) -> MetricFamily<Histogram> {
        precondition(!buckets.isEmpty && buckets.allSatisfy { $0.isFinite && $0 > 0 }
                     && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 },
                     "\(name): buckets must be positive, finite and ascending")
        precondition(!labels.contains("le"), "\(name): le is the bucket label of a histogram")
        let nanoseconds = buckets.map { UInt64(($0 * 1e9).rounded()) }
        let family = MetricFamily(name: name, help: help, labelNames: labels, omitsUnused: omitsUnused) {
            Histogram(boundsNanoseconds: nanoseconds)
        }
        register(.histogram(family, bounds: buckets), labels: labels)
        return family
    }

    /// Registers a gauge family read when scraped: `collect` returns the current value per label set (for levels
    /// kept elsewhere, such as orders by status in the database). It must be bounded and cheap, or cache its answer.
    public func collectedGauge(_ name: String, help: String, labels: [String] = [],
                               collect: @escaping @Sendable () async -> [CollectedGauge.Sample]) {
        register(.collected(CollectedGauge(name: name, help: help, labelNames: labels, collect: collect)), labels: labels)
    }

    private func register(_ family: Family, labels: [String]) {
        let name = family.name
        precondition(ExpositionText.isValidMetricName(name), "invalid metric name \(name)")
        precondition(labels.allSatisfy(ExpositionText.isValidLabelName) && Set(labels).count == labels.count,
                     "\(name): invalid or repeated label names \(labels)")
        families.withLock { families in
            precondition(!families.contains { $0.name == name }, "metric \(name) is registered twice")
            families.append(family)
        }
    }

    /// The whole text a scrape receives (`contentType`), collected gauges read now.
    public func exposition() async -> String {
        var text = ExpositionText()
        for family in families.withLock({ $0 }) {
            switch family {
            case .counter(let family):
                text.header(family.name, help: family.help, type: "counter")
                for (labels, counter) in family.series where !(family.omitsUnused && counter.value == 0) {
                    text.sample(family.name, family.labelNames, labels, value: String(counter.value))
                }
            case .gauge(let family):
                text.header(family.name, help: family.help, type: "gauge")
                for (labels, gauge) in family.series {
                    text.sample(family.name, family.labelNames, labels, value: String(gauge.value))
                }
            case .histogram(let family, let bounds):
                text.header(family.name, help: family.help, type: "histogram")
                for (labels, histogram) in family.series {
                    let (cumulative, sum) = histogram.snapshot
                    if family.omitsUnused && cumulative.last == 0 { continue }
                    text.histogram(family.name, family.labelNames, labels, bounds: bounds, cumulative: cumulative,
                                   sumNanoseconds: sum)
                }
            case .collected(let family):
                text.header(family.name, help: family.help, type: "gauge")
                var seen = Set<[String]>()
                for sample in await family.collect() where sample.labels.count == family.labelNames.count {
                    // A collector that repeats a label set would make a duplicate series: the first one stands.
                    guard seen.insert(sample.labels).inserted else { continue }
                    text.sample(family.name, family.labelNames, sample.labels, value: String(sample.value))
                }
            }
        }
        return text.text
    }
}

/// A gauge family whose values are read at scrape time (see `MetricsRegistry.collectedGauge`).
public struct CollectedGauge: Sendable {
    /// One label set and its level; `labels` in the order of the family's label names.
    public struct Sample: Sendable, Equatable {
        public var labels: [String]
        public var value: Int64
        public init(labels: [String], value: Int64) {
            self.labels = labels
            self.value = value
        }
    }

    let name: String
    let help: String
    let labelNames: [String]
    let collect: @Sendable () async -> [Sample]
}
