import Testing
import TestSupport
@testable import Metrics

@Suite("Metrics registry and exposition text")
struct MetricsRegistryTests {
    @Test("a counter renders its HELP and TYPE lines, then one sample per label set")
    func counterText() async {
        let registry = MetricsRegistry()
        let requests = registry.counter("shop_requests_total", help: "Requests answered.", labels: ["status"])
        requests.labels("200").increment(by: 3)
        requests.labels("404").increment()
        #expect(await registry.exposition() == """
            # HELP shop_requests_total Requests answered.
            # TYPE shop_requests_total counter
            shop_requests_total{status="200"} 3
            shop_requests_total{status="404"} 1

            """)
    }

    @Test("label values and HELP text are escaped: backslash, double quote, newline")
    func escaping() async {
        let registry = MetricsRegistry()
        registry.counter("escaped_total", help: "A \\ and a\nnewline.", labels: ["value"]).labels("a\\b\"c\nd").increment()
        let text = await registry.exposition()
        #expect(text.contains(#"# HELP escaped_total A \\ and a\nnewline."#))
        #expect(text.contains(#"escaped_total{value="a\\b\"c\nd"} 1"#))
        #expect(MetricsTextValidator.problems(in: text) == [])
        #expect(MetricsTextValidator.samples(in: text).first?.labels["value"] == "a\\b\"c\nd")
    }

    @Test("a histogram renders cumulative buckets ending in +Inf, then _sum and _count")
    func histogramText() async {
        let registry = MetricsRegistry()
        let latency = registry.histogram("op_seconds", help: "How long.", labels: ["op"], buckets: [0.01, 0.1, 1])
        let histogram = latency.labels("read")
        histogram.observe(.milliseconds(5))
        histogram.observe(.milliseconds(10)) // on a bound: counts in that bucket (le is "less or equal")
        histogram.observe(.milliseconds(50))
        histogram.observe(.seconds(3))
        #expect(await registry.exposition() == """
            # HELP op_seconds How long.
            # TYPE op_seconds histogram
            op_seconds_bucket{op="read",le="0.01"} 2
            op_seconds_bucket{op="read",le="0.1"} 3
            op_seconds_bucket{op="read",le="1"} 3
            op_seconds_bucket{op="read",le="+Inf"} 4
            op_seconds_sum{op="read"} 3.065
            op_seconds_count{op="read"} 4

            """)
    }

    @Test("a family that omits unused label sets renders only those that recorded something")
    func omitsUnused() async {
        let registry = MetricsRegistry()
        let family = registry.counter("sparse_total", help: "Sparse.", labels: ["code"], omitsUnused: true)
        _ = family.labels("200")
        family.labels("500").increment()
        let text = await registry.exposition()
        #expect(!text.contains("code=\"200\""))
        #expect(text.contains("sparse_total{code=\"500\"} 1"))
    }

    @Test("a gauge goes up and down and a collected gauge is read at scrape time, first label set winning")
    func gauges() async {
        let registry = MetricsRegistry()
        let open = registry.gauge("open_things", help: "Open.").labels()
        open.add(3)
        open.add(-1)
        registry.collectedGauge("orders", help: "Orders.", labels: ["status"]) {
            [.init(labels: ["PAID"], value: 7), .init(labels: ["PAID"], value: 9), .init(labels: ["x", "y"], value: 1)]
        }
        let text = await registry.exposition()
        #expect(text.contains("open_things 2\n"))
        #expect(text.contains("orders{status=\"PAID\"} 7\n"))
        #expect(!text.contains(" 9\n") && !text.contains("\"y\""))
        #expect(MetricsTextValidator.problems(in: text) == [])
    }

    @Test("the same label values give the same instrument, so a handle resolved once keeps counting there")
    func sameHandle() {
        let family = MetricsRegistry().counter("handles_total", help: "H.", labels: ["a", "b"])
        family.labels("x", "y").increment()
        family.labels("x", "y").increment()
        #expect(family.labels("x", "y").value == 2)
        #expect(family.labels("y", "x").value == 0)
    }

    @Test("increments from several tasks at once are never lost")
    func concurrentIncrements() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("parallel_total", help: "P.").labels()
        let histogram = registry.histogram("parallel_seconds", help: "P.").labels()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<10_000 {
                        counter.increment()
                        histogram.observe(nanoseconds: 1_000_000)
                    }
                }
            }
        }
        #expect(counter.value == 40_000)
        #expect(histogram.count == 40_000)
    }

    @Test("metric and label names follow the format's grammar", arguments: [
        ("http_requests_total", true, true), ("ns:metric", true, false), ("_x", true, true), ("9lives", false, false),
        ("", false, false), ("a-b", false, false), ("__reserved", true, false), ("경로", false, false),
    ])
    func names(name: String, validMetric: Bool, validLabel: Bool) {
        #expect(ExpositionText.isValidMetricName(name) == validMetric)
        #expect(ExpositionText.isValidLabelName(name) == validLabel)
    }

    @Test("floats render the way Prometheus parses them", arguments: [
        (0.005, "0.005"), (10.0, "10"), (0.00001, "1e-05"), (Double.infinity, "+Inf"), (3.065, "3.065"),
    ])
    func numbers(value: Double, text: String) {
        #expect(ExpositionText.number(value) == text)
    }
}
