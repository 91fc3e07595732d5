import Glibc
import Logging

// What one access-log event costs on the request path, single-threaded, in a release build:
//   swift build -c release --product log-bench && .build/release/log-bench
// "interpolated" rebuilds the line the way the old Log.access did (string interpolation, no escaping);
// "LogLine.format" is the escaping formatter alone; "logger.info" is the whole call as the server makes it,
// through a LineLogHandler whose writer thread writes to /dev/null.

let count = 1_000_000
let paths = ["/", "/products/7", "/public/css/site.css", "/x\n2026-01-01T00:00:00Z event=order_paid", "/search?q=사과 12"]

func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((max(0, value) * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

func measure(_ name: String, _ body: (Int) -> Int) {
    var best = Duration.seconds(1_000)
    var sink = 0
    for _ in 0..<3 {
        let start = ContinuousClock.now
        for index in 0..<count { sink &+= body(index) }
        best = min(best, ContinuousClock.now - start)
    }
    let nanoseconds = Double(best.components.seconds) * 1e9 + Double(best.components.attoseconds) / 1e9
    print("\(name): \(Int(nanoseconds / Double(count))) ns per event (best of 3 x \(count); \(sink % 2))")
}

measure("interpolated (old)") { index in
    let text = "event=request method=GET path=\(paths[index % paths.count]) status=200 "
        + "duration_ms=\(twoDecimals(Double(index % 1000) / 100)) remote=127.0.0.1 bytes=19670"
    return Array("2026-11-25T06:14:28Z \(text)\n".utf8).count
}

measure("LogLine.format (new)") { index in
    LogLine.format(timestamp: "2026-11-25T06:14:28Z", level: .info, event: "request", metadata: [
        "method": "GET", "path": .string(paths[index % paths.count]), "status": 200,
        "duration_ms": .twoDecimals(Double(index % 1000) / 100), "remote": "127.0.0.1", "bytes": 19_670,
    ]).count
}

let devNull = open("/dev/null", O_WRONLY)
let handler = LineLogHandler(fileDescriptor: devNull)
let logger = Logger(handler: handler)
measure("logger.info to /dev/null (new, whole call)") { index in
    logger.info("request", ["method": "GET", "path": .string(paths[index % paths.count]), "status": 200,
                            "duration_ms": .twoDecimals(Double(index % 1000) / 100), "remote": "127.0.0.1", "bytes": 19_670])
    return 1
}
handler.flush()
