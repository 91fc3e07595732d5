import Foundation
import Dispatch
import HTTP
import Metrics

// What recording one request's metrics costs on the request path, in a release build:
//   swift build -c release --product metrics-bench && .build/release/metrics-bench
// "request record" is what the router's metrics do per request: one counter increment through a handle resolved
// at startup (route × status) and one latency observation. "whole wrapper" adds the rest of what RequestMetrics
// does around a request: the RouteNote it allocates and the two clock reads (and, for comparison, the same with
// ContinuousClock.now, which RequestMetrics does not use because it costs more on Linux). Run on 1 and on 2 threads hitting the
// same handles (the worst case: one hot route, its atomics shared between cores).

let perThread = 5_000_000
let registry = MetricsRegistry()
let requests = registry.counter("http_requests_total", help: "Requests.", labels: ["method", "route", "status"])
    .labels("GET", "/products/:id", "200")
let latency = registry.histogram("http_request_duration_seconds", help: "Latency.", labels: ["method", "route"])
    .labels("GET", "/products/:id")

enum Mode { case record, wrapper, wrapperWithContinuousClock }

func run(threads: Int, mode: Mode) -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            switch mode {
            case .wrapperWithContinuousClock:
                for _ in 0..<perThread {
                    let note = RouteNote()
                    let start = ContinuousClock.now
                    if note.routeIndex == nil { requests.increment() }
                    latency.observe(ContinuousClock.now - start)
                }
            case .wrapper:
                for _ in 0..<perThread {
                    let note = RouteNote()
                    let start = MonotonicClock.nanoseconds()
                    if note.routeIndex == nil { requests.increment() }
                    latency.observe(since: start)
                }
            case .record:
                for index in 0..<perThread {
                    requests.increment()
                    latency.observe(nanoseconds: UInt64(truncatingIfNeeded: (index &* 7_919 &+ thread) % 40_000_000))
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        best = min(best, nanoseconds / Double(perThread))
    }
    return best
}

for (mode, name) in [(Mode.record, "request record (counter + histogram)"),
                     (.wrapper, "whole wrapper (+ RouteNote, 2 MonotonicClock reads)"),
                     (.wrapperWithContinuousClock, "the same with ContinuousClock.now")] {
    for threads in [1, 2] {
        let nanoseconds = run(threads: threads, mode: mode)
        print("\(name), \(threads) thread(s): \(String(format: "%.1f", nanoseconds)) ns per request per thread "
              + "(best of 3 x \(perThread))")
    }
}
let scrapeStart = ContinuousClock.now
let text = await registry.exposition()
print("exposition of 2 families: \(text.utf8.count) bytes in \(ContinuousClock.now - scrapeStart)")
