import Foundation
import Glibc
import Testing
@testable import Storefront

/// Logging never waits on its output.
@Suite("Log writer", .timeLimit(.minutes(1)))
struct LogWriterTests {
    @Test("while nobody reads the output, appending still returns; what does not fit is counted and reported once it moves")
    func stuckOutputDropsAndReports() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        let writer = LogWriter(output: ends[1], capacity: 256 * 1024)
        let line = String(repeating: "x", count: 99) + "\n"
        for _ in 0..<10_000 { writer.append(line) }  // 1 MB into a 64 KB pipe nobody reads yet

        // Read until the output has been quiet for half a second: while the writer was blocked on the first part,
        // later lines filled a fresh buffer and overflowed it, so there may be several drop reports, each after
        // the part it concerns.
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now + .seconds(20)
        var lastData = ContinuousClock.now
        while ContinuousClock.now < deadline, ContinuousClock.now - lastData < .milliseconds(500) {
            let count = read(ends[0], &chunk, chunk.count)
            if count > 0 {
                received += chunk[0..<count]
                lastData = ContinuousClock.now
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        let written = lines.filter { $0.hasPrefix("xxx") }.count
        let dropped = lines.filter { $0.contains("event=log_dropped") }
            .compactMap { $0.split(separator: "=").last.flatMap { Int($0) } }
        #expect(!dropped.isEmpty)
        #expect(written + dropped.reduce(0, +) == 10_000)
    }
}
