import Testing
import TestSupport

/// The validator other suites trust must itself refuse what the format forbids.
@Suite("Exposition text validator")
struct MetricsTextValidatorTests {
    static let header = "# HELP m M.\n# TYPE m counter\n"

    @Test("a text that breaks a rule of the format is refused", arguments: [
        ("m 1\n", "sample of m before its TYPE"),
        (header + "m 1\n# TYPE m counter\n", "second TYPE"),
        (header + "m{a=\"1\"} 1\nm{a=\"1\"} 2\n", "duplicate series"),
        (header + "m{a=\"x\\t\"} 1\n", "not a sample line"),
        (header + "m{a=\"x} 1\n", "not a sample line"),
        (header + "m one\n", "not a sample line"),
        (header + "m 1", "does not end with a newline"),
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", "cumulative counts decrease"),
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n", "the last bucket is not +Inf"),
        ("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\n", "_count differs"),
        ("# TYPE a counter\n# TYPE b counter\na 1\nb 1\na{x=\"1\"} 1\n", "not together"),
    ])
    func refuses(text: String, problem: String) {
        let problems = MetricsTextValidator.problems(in: text)
        #expect(problems.contains { $0.contains(problem) }, "\(problems)")
    }

    @Test("a well-formed text with escapes, a histogram and a timestamp passes")
    func accepts() {
        let text = Self.header + "m{a=\"q\\\"\\\\\\n\"} 1 1700000000000\n"
            + "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.7\nh_count 2\n"
        #expect(MetricsTextValidator.problems(in: text) == [])
    }
}
