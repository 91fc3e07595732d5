import Foundation
import Glibc
import Mustache

/// The engine's cost as templates grow, printed as figures (issue 14, item 10): compile time against the number of
/// lines of plain text, and time and peak memory against the depth of nested sections.
enum ScaleRuns {
    /// `--lines [LINES]`: 5,000,000 bytes of plain text compiled as LINES lines (300,000 by default) and as one line;
    /// a compiler that re-joins text per line takes quadratic time in the first case only.
    static func lines(_ count: Int) {
        let size = 5_000_000
        var manyLines = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        // Line ends spread evenly, the last byte being one.
        for line in 1...max(1, min(count, size)) { manyLines[line * size / max(1, min(count, size)) - 1] = UInt8(ascii: "\n") }
        let oneLine = manyLines.map { $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 }
        for (label, bytes) in [("\(count) lines", manyLines), ("one line", oneLine)] {
            let text = String(decoding: bytes, as: UTF8.self)
            let (seconds, cpu, outcome) = measure {
                do {
                    let template = try MustacheTemplate(string: text, name: "lines")
                    return "compiled \(template.name)"
                } catch {
                    return "error: \(error)"
                }
            }
            print("compile \(bytes.count) bytes in \(label): \(format(seconds)) s (CPU \(format(cpu)) s), \(outcome)")
        }
        printPeakMemory()
    }

    /// `--nesting DEPTH`: DEPTH nested `{{#a}}` sections around one `{{b}}` (12 bytes of template per level), compiled
    /// and rendered against `a` = an object holding `b`, so every level also looks `b` up through the context stack.
    static func nesting(_ depth: Int) {
        let text = String(repeating: "{{#a}}", count: depth) + "{{b}}" + String(repeating: "{{/a}}", count: depth)
        let context: MustacheValue = ["a": ["n": 1], "b": "deep"]
        let (seconds, cpu, outcome) = measure {
            do {
                let library = try MustacheLibrary(templates: ["nested": text])
                let output = try library.render("nested", context)
                return "rendered \(output)"
            } catch {
                return "error: \(error)".replacingOccurrences(of: "\n", with: " |")
            }
        }
        print("\(depth) nested sections (\(text.utf8.count) bytes): compile + render \(format(seconds)) s (CPU \(format(cpu)) s), "
            + outcome.prefix(160))
        printPeakMemory()
    }

    /// Wall and CPU seconds of `body`: on a shared machine the CPU time is the steadier figure.
    /// `--blocks DEPTH`: DEPTH nested standalone blocks, each indented one more space, around 30,000 lines indented
    /// past them all: block indentation removes each enclosing block's indent from every line inside it.
    static func blocks(_ depth: Int) {
        var text = ""
        for level in 0..<depth { text += String(repeating: " ", count: level) + "{{$b\(level)}}\n" }
        for line in 0..<30_000 { text += String(repeating: " ", count: depth) + "text line \(line)\n" }
        for level in (0..<depth).reversed() { text += String(repeating: " ", count: level) + "{{/b\(level)}}\n" }
        let (seconds, cpu, outcome) = measure {
            do {
                return "compiled \(try MustacheTemplate(string: text, name: "blocks").name)"
            } catch {
                return "error: \(error)"
            }
        }
        print("\(depth) nested indented blocks around 30,000 lines (\(text.utf8.count) bytes): compile \(format(seconds)) s "
            + "(CPU \(format(cpu)) s), \(outcome.prefix(160))")
        printPeakMemory()
    }

    private static func measure(_ body: () -> String) -> (wall: Double, cpu: Double, String) {
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = cpuSeconds()
        let outcome = body()
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (wall, cpuSeconds() - cpuStart, outcome)
    }

    private static func cpuSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func printPeakMemory() {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak RSS of the process: \(usage.ru_maxrss / 1024) MB")
    }

    private static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
