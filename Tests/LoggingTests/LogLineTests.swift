import Testing
@testable import Logging

/// How an event becomes a line: one line whatever the values hold, values escaped, keys restricted.
@Suite("Log line")
struct LogLineTests {
    static func line(_ metadata: Logger.Metadata, level: Logger.Level = .info, event: String = "test") -> String {
        String(decoding: LogLine.format(timestamp: "2026-11-25T06:14:28Z", level: level, event: event, metadata: metadata), as: UTF8.self)
    }

    @Test("an info event keeps today's shape: timestamp, event, then the metadata in order")
    func shape() {
        #expect(Self.line(["method": "GET", "path": "/", "status": 200, "duration_ms": .twoDecimals(0.07)], event: "request")
                == "2026-11-25T06:14:28Z event=request method=GET path=/ status=200 duration_ms=0.07\n")
    }

    @Test("any other level is written right after the event", arguments: [Logger.Level.debug, .notice, .warning, .error])
    func levelNamed(level: Logger.Level) {
        #expect(Self.line(["order_id": "A1"], level: level) == "2026-11-25T06:14:28Z event=test level=\(level) order_id=A1\n")
    }

    @Test("values are written bare, or quoted and escaped when they hold a space, a quote, a backslash or a control character",
          arguments: [
              ("plain", "plain"),
              ("/x?a=b&c=d", "/x?a=b&c=d"),
              ("", "\"\""),
              ("two words", "\"two words\""),
              ("say \"hi\"", "\"say \\\"hi\\\"\""),
              ("back\\slash", "\"back\\\\slash\""),
              ("a\nb", "\"a\\nb\""),
              ("a\rb", "\"a\\rb\""),
              ("a\tb", "\"a\\tb\""),
              ("bell\u{07}", "\"bell\\u0007\""),
              ("esc\u{1B}[31m", "\"esc\\u001b[31m\""),
              ("del\u{7F}", "\"del\\u007f\""),
              ("nel\u{85}", "\"nel\\u0085\""),
              ("ls\u{2028}", "\"ls\\u2028\""),
              ("사과", "사과"),
              ("사과 12,900원", "\"사과 12,900원\""),
              ("사과\u{85}é\u{2029}\n", "\"사과\\u0085é\\u2029\\n\""),
          ])
    func escaping(value: String, written: String) {
        #expect(Self.line(["v": .string(value)]) == "2026-11-25T06:14:28Z event=test v=\(written)\n")
    }

    @Test("a value forging a line of its own stays inside its own value")
    func forgedLine() {
        let line = Self.line(["path": "/x\n2026-01-01T00:00:00Z event=order_paid order_id=X"], event: "request")
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(line == "2026-11-25T06:14:28Z event=request path=\"/x\\n2026-01-01T00:00:00Z event=order_paid order_id=X\"\n")
    }

    @Test("keys and event names keep only a-z, 0-9 and underscore", arguments: [
        ("order_id", "order_id"), ("Order-ID", "_rder___"), ("a b=c\n", "a_b_c_"), ("", "_"), ("키", "___"),
    ])
    func keys(key: String, written: String) {
        #expect(Self.line([key: 1]) == "2026-11-25T06:14:28Z event=test \(written)=1\n")
        #expect(Self.line([:], event: key) == "2026-11-25T06:14:28Z event=\(written)\n")
    }

    @Test("integers are written in decimal, negative ones with a minus", arguments: [0, 7, 12_900, -3_000, Int.max, Int.min])
    func integers(number: Int) {
        #expect(Self.line(["n": .int(number)]) == "2026-11-25T06:14:28Z event=test n=\(number)\n")
    }

    @Test("durations show two decimals", arguments: [
        (0.0, "0.00"), (0.07, "0.07"), (1.234, "1.23"), (12.5, "12.50"), (3.999, "4.00"), (-1, "0.00"), (.infinity, "0.00"), (.nan, "0.00"),
    ])
    func twoDecimals(value: Double, text: String) {
        #expect(LogLine.twoDecimals(value) == text)
    }

    @Test("the timestamp is the UTC second in ISO 8601")
    func timestamp() {
        #expect(LogTimestamp.format(1_795_587_268) == "2026-11-25T06:14:28Z")
        #expect(LogTimestamp.format(0) == "1970-01-01T00:00:00Z")
    }
}
