import Dispatch
import Foundation
import Glibc
import Testing
@testable import Logging

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

        // Everything appended so far is out once a flush returns (flushes take turns, oldest lines first), so a
        // marker appended after it is the last line. Another thread flushes while this one drains the pipe.
        DispatchQueue.global().async {
            writer.flush()
            writer.append("END\n")
            writer.flush()
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now + .seconds(30)
        while !String(decoding: received.suffix(4), as: UTF8.self).hasSuffix("END\n"), ContinuousClock.now < deadline {
            let count = read(ends[0], &chunk, chunk.count)
            if count > 0 { received += chunk[0..<count] } else { try await Task.sleep(for: .milliseconds(10)) }
        }
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        let written = lines.filter { $0.hasPrefix("xxx") }.count
        let dropped = lines.filter { $0.contains("event=log_dropped") }
            .compactMap { $0.split(separator: "=").last.flatMap { Int($0) } }
        #expect(!dropped.isEmpty)
        #expect(written + dropped.reduce(0, +) == 10_000)
    }
}
