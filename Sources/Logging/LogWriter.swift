import Dispatch
import Foundation
import Synchronization

/// The buffer behind `LineLogHandler`: callers append under a lock and return at once; a thread of its own writes.
///
/// Guarantee: `append` never writes or waits on the output, so a slow or stuck standard output (a full pipe,
/// a paused log collector) cannot stall an event loop or a request. The writer wakes every 50 ms, or as soon
/// as 64 KB are waiting; while the output is stuck, lines beyond `capacity` bytes are dropped and counted,
/// and the count is written as `event=log_dropped level=warning lines=N` once the output moves again.
final class LogWriter: Sendable {
    private struct Pending {
        var bytes: [UInt8] = []
        var dropped = 0
    }

    private let pending = Mutex(Pending())
    private let writing = Mutex<Void>(())
    private let wake = DispatchSemaphore(value: 0)
    private let output: Int32
    let capacity: Int
    static let wakeAt = 64 * 1024

    init(output: Int32 = STDOUT_FILENO, capacity: Int = 8 << 20) {
        self.output = output
        self.capacity = capacity
        let thread = Thread { [weak self] in
            while let writer = self {
                _ = writer.wake.wait(timeout: .now() + .milliseconds(50))
                writer.flush()
            }
        }
        thread.name = "log-writer"
        thread.start()
    }

    func append(_ text: String) { append(Array(text.utf8)) }

    func append(_ line: [UInt8]) {
        let crossed = pending.withLock { pending -> Bool in
            let before = pending.bytes.count
            guard before + line.count <= capacity else {
                pending.dropped += 1
                return false
            }
            pending.bytes.append(contentsOf: line)
            return before < Self.wakeAt && pending.bytes.count >= Self.wakeAt
        }
        if crossed { wake.signal() }
    }

    /// Writes out everything waiting (the writer thread, and `LineLogHandler.flush()` at shutdown).
    func flush() {
        writing.withLock { _ in
            let (bytes, dropped) = pending.withLock { pending -> ([UInt8], Int) in
                defer { pending = Pending(bytes: [], dropped: 0); pending.bytes.reserveCapacity(Self.wakeAt) }
                return (pending.bytes, pending.dropped)
            }
            write(bytes)
            if dropped > 0 { write(LogLine.format(timestamp: LogTimestamp.now(), level: .warning, event: "log_dropped", metadata: ["lines": .int(dropped)])) }
        }
    }

    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(output, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written > 0 { offset += written } else if errno != EINTR { return }
            }
        }
    }
}
